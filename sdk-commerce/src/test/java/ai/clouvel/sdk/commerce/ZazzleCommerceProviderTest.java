package ai.clouvel.sdk.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Asset;
import ai.clouvel.sdk.model.CatalogItem;
import ai.clouvel.sdk.model.CatalogQuery;
import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.Money;
import ai.clouvel.sdk.model.ProductDraft;
import ai.clouvel.sdk.spi.CommerceProvider;
import ai.clouvel.sdk.spi.ProviderRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZazzleCommerceProviderTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final String ASSOCIATE = "238268965591408603";
  private static final String TEMPLATE = "168619482839304922";
  private static final Asset ART = Asset.ofUrl("art-1.png", "image/png",
      URI.create("https://assets.example.com/art/cat%20mug+1.png?v=2&s=a"));

  private static CommerceProvider provider(Map<String, String> extra) {
    Map<String, String> map = new HashMap<>(Map.of(
        "clouvel.zazzle.associate-id", ASSOCIATE, "clouvel.zazzle.product-template-id", TEMPLATE));
    map.putAll(extra);
    return ProviderRegistry.load().create(CommerceProvider.class, "zazzle",
        new ProviderConfig("zazzle", ClouvelConfig.fromMap(map), Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private static ProductDraft draft(String title, Asset art, String productType, String key) {
    return new ProductDraft(title, "A mug", art, productType, List.of("cats", "mug"), Money.of(1999, "USD"), key,
        Map.of());
  }

  @Test
  void builds_the_documented_create_a_product_link() {
    Listing listing = provider(Map.of()).createListing(draft("Sun Cat Mug & Co.", ART, "", "task-7:list:zazzle"));
    String id = listing.productId();
    assertThat(id).matches("cap_[0-9a-f]{16}");
    assertThat(listing.provider()).isEqualTo("zazzle");
    assertThat(listing.createdAt()).isEqualTo(NOW);
    assertThat(listing.productUrl()).hasToString("https://www.zazzle.com/api/create/at-" + ASSOCIATE
        + "?rf=" + ASSOCIATE + "&ax=Linkover&pd=" + TEMPLATE + "&fwd=ProductPage&ed=true"
        + "&t_image1_iid=https%3A%2F%2Fassets.example.com%2Fart%2Fcat%2520mug%2B1.png%3Fv%3D2%26s%3Da"
        + "&t_text1_txt=Sun%20Cat%20Mug%20%26%20Co."
        + "&ic=" + id);
    assertThat(listing.trackingUrl()).isEqualTo(listing.productUrl());
    assertThat(listing.productUrl().getQuery()).contains("t_image1_iid=https://assets.example.com/art/cat%20mug+1.png?v=2&s=a");
  }

  @Test
  void honours_account_fields_tracking_code_base_url_and_the_drafts_template() {
    CommerceProvider zazzle = provider(Map.of(
        "clouvel.zazzle.account-id", "111111111111111111",
        "clouvel.zazzle.image-field", "photo",
        "clouvel.zazzle.text-field", "title",
        "clouvel.zazzle.tracking-code", "clouvel_x",
        "clouvel.zazzle.base-url", "https://www.zazzle.co.uk/"));
    Listing listing = zazzle.createListing(draft("Café 日本", ART, "999999999999999999", "k"));
    assertThat(listing.productUrl().toString())
        .startsWith("https://www.zazzle.co.uk/api/create/at-111111111111111111?rf=" + ASSOCIATE + "&ax=Linkover"
            + "&pd=999999999999999999&")
        .contains("&t_photo_iid=https%3A%2F%2F")
        .contains("&t_title_txt=Caf%C3%A9%20%E6%97%A5%E6%9C%AC&")
        .doesNotContain("tc=");
    assertThat(listing.trackingUrl()).hasToString(listing.productUrl() + "&tc=clouvel_x");
  }

  @Test
  void the_same_idempotency_key_gives_the_same_listing_across_instances() {
    CommerceProvider zazzle = provider(Map.of());
    Listing first = zazzle.createListing(draft("Mug", ART, "", "task-1:list:zazzle"));
    Listing again = zazzle.createListing(draft("Mug, retitled", ART, "", "task-1:list:zazzle"));
    assertThat(again).isEqualTo(first);
    Listing other = zazzle.createListing(draft("Mug", ART, "", "task-2:list:zazzle"));
    assertThat(other.productId()).isNotEqualTo(first.productId());
    Listing fromNewInstance = provider(Map.of()).createListing(draft("Mug", ART, "", "task-1:list:zazzle"));
    assertThat(fromNewInstance.productId()).isEqualTo(first.productId());
    assertThat(fromNewInstance.productUrl()).isEqualTo(first.productUrl());
  }

  @Test
  void art_without_a_url_asks_for_an_asset_store() {
    Asset bytesOnly = new Asset("art-1.png", "image/png", new byte[] {1, 2, 3}, null);
    assertThatThrownBy(() -> provider(Map.of()).createListing(draft("Mug", bytesOnly, "", "k")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("art.url")
        .hasMessageContaining("asset store")
        .hasMessageContaining("public URL");
  }

  @Test
  void rejects_a_product_type_that_is_not_a_template_id() {
    assertThatThrownBy(() -> provider(Map.of()).createListing(draft("Mug", ART, "tshirt", "k")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("productType")
        .hasMessageContaining("'tshirt'");
  }

  @Test
  void missing_keys_name_the_key_and_its_environment_variable() {
    ProviderRegistry registry = ProviderRegistry.load();
    assertThatThrownBy(() -> registry.create(CommerceProvider.class, "zazzle", ClouvelConfig.empty().forProvider("zazzle")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clouvel.zazzle.associate-id")
        .hasMessageContaining("CLOUVEL_ZAZZLE_ASSOCIATE_ID");
    ClouvelConfig onlyAssociate = ClouvelConfig.fromMap(Map.of("clouvel.zazzle.associate-id", ASSOCIATE));
    assertThatThrownBy(() -> registry.create(CommerceProvider.class, "zazzle", onlyAssociate.forProvider("zazzle")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clouvel.zazzle.product-template-id")
        .hasMessageContaining("CLOUVEL_ZAZZLE_PRODUCT_TEMPLATE_ID");
    assertThatThrownBy(() -> provider(Map.of("clouvel.zazzle.tracking-code", "not valid!")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("CLOUVEL_ZAZZLE_TRACKING_CODE");
  }

  @Test
  void the_catalogue_lists_the_listings_this_instance_created_matching_the_text() {
    CommerceProvider zazzle = provider(Map.of());
    Listing cat = zazzle.createListing(draft("Sun Cat Mug", ART, "", "a"));
    zazzle.createListing(new ProductDraft("Corgi Poster", "", ART, "", List.of("dogs"), null, "b", Map.of()));
    assertThat(zazzle.catalog(new CatalogQuery("cat", 10))).singleElement().satisfies(item -> {
      assertThat(item.id()).isEqualTo(cat.productId());
      assertThat(item.url()).isEqualTo(cat.productUrl());
      assertThat(item.price()).isEqualTo(Money.of(1999, "USD"));
      assertThat(item.imageUrl()).isEqualTo(ART.url());
    });
    assertThat(zazzle.catalog(new CatalogQuery("DOGS", 10))).extracting(CatalogItem::title).containsExactly("Corgi Poster");
    assertThat(zazzle.catalog(new CatalogQuery("", 1))).hasSize(1);
  }

  @Test
  void is_discovered_with_described_keys() {
    var factory = ProviderRegistry.load().factory(CommerceProvider.class, "zazzle");
    assertThat(factory.configKeys()).extracting(k -> k.name())
        .contains("associate-id", "product-template-id", "image-field", "text-field", "tracking-code");
  }
}
