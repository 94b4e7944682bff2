package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One product in a commerce provider's catalogue.
 *
 * @param provider the commerce provider's id
 * @param id the provider's id for the product
 * @param title the product's title
 * @param url where buyers see it
 * @param price its price, if the provider says
 * @param imageUrl its main image, if any
 */
public record CatalogItem(
    String provider, String id, String title, URI url, @Nullable Money price, @Nullable URI imageUrl) {

  /** Validates every field. */
  public CatalogItem {
    Checks.of("CatalogItem")
        .notBlank(provider, "provider")
        .notBlank(id, "id")
        .notBlank(title, "title")
        .check(url != null && url.isAbsolute(), "url", "must be an absolute URL")
        .validate();
  }
}
