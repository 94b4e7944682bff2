package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import java.time.Instant;

/**
 * A product created on a commerce provider.
 *
 * @param provider the commerce provider's id
 * @param productId the provider's id for the product
 * @param productUrl where buyers see it
 * @param trackingUrl the link to share: the product URL plus attribution (affiliate id, UTM tags)
 * @param createdAt when it was created
 */
public record Listing(String provider, String productId, URI productUrl, URI trackingUrl, Instant createdAt) {

  /** Validates every field. */
  public Listing {
    Checks.of("Listing")
        .notBlank(provider, "provider")
        .notBlank(productId, "productId")
        .check(productUrl != null && productUrl.isAbsolute(), "productUrl", "must be an absolute URL")
        .check(trackingUrl != null && trackingUrl.isAbsolute(), "trackingUrl", "must be an absolute URL")
        .notNull(createdAt, "createdAt")
        .validate();
  }
}
