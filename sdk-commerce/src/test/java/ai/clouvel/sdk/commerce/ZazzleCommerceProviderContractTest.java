package ai.clouvel.sdk.commerce;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.model.Asset;
import ai.clouvel.sdk.model.ProductDraft;
import ai.clouvel.sdk.spi.CommerceProvider;
import ai.clouvel.sdk.testing.CommerceProviderContract;
import java.net.URI;
import java.util.List;
import java.util.Map;

class ZazzleCommerceProviderContractTest extends CommerceProviderContract {
  @Override
  protected CommerceProvider provider() {
    return new ZazzleCommerceProviderFactory().create(ClouvelConfig.fromMap(Map.of(
        "clouvel.zazzle.associate-id", "238268965591408603",
        "clouvel.zazzle.product-template-id", "168619482839304922")).forProvider("zazzle"));
  }

  @Override
  protected ProductDraft draft(String idempotencyKey) {
    return new ProductDraft("Sun Cat Mug", "A mug", Asset.ofUrl("art.png", "image/png",
        URI.create("https://assets.example.com/art.png")), "", List.of("cats"), null, idempotencyKey, Map.of());
  }
}
