package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import java.time.Instant;

/**
 * An open checkout: send the payer to {@link #url()}.
 *
 * @param gateway the payment gateway's id
 * @param id the gateway's id for the checkout session
 * @param url the payment page
 * @param expiresAt when the page stops accepting payment
 */
public record Checkout(String gateway, String id, URI url, Instant expiresAt) {

  /** Validates every field. */
  public Checkout {
    Checks.of("Checkout")
        .notBlank(gateway, "gateway")
        .notBlank(id, "id")
        .check(url != null && url.isAbsolute(), "url", "must be an absolute URL")
        .notNull(expiresAt, "expiresAt")
        .validate();
  }
}
