package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import java.util.Map;

/**
 * A payment to collect: a sponsorship, a commission or a subscription.
 *
 * @param accountId the creator's account the payment belongs to
 * @param amount what to charge; positive
 * @param description what the payer sees
 * @param successUrl where the payer returns after paying
 * @param cancelUrl where the payer returns after cancelling
 * @param idempotencyKey a retry with the same key never opens a second checkout
 * @param metadata kept with the payment and returned in its events (e.g. the commission id); copied
 */
public record CheckoutRequest(
    String accountId, Money amount, String description, URI successUrl, URI cancelUrl, String idempotencyKey,
    Map<String, String> metadata) {

  /** Validates every field and copies the metadata. */
  public CheckoutRequest {
    Checks.of("CheckoutRequest")
        .notBlank(accountId, "accountId")
        .check(amount != null && amount.isPositive(), "amount", "must be positive")
        .notBlank(description, "description")
        .check(successUrl != null && successUrl.isAbsolute(), "successUrl", "must be an absolute URL")
        .check(cancelUrl != null && cancelUrl.isAbsolute(), "cancelUrl", "must be an absolute URL")
        .notBlank(idempotencyKey, "idempotencyKey")
        .notNull(metadata, "metadata")
        .validate();
    metadata = Map.copyOf(metadata);
  }
}
