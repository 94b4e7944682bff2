package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;

/**
 * A refund as the gateway recorded it.
 *
 * @param gateway the payment gateway's id
 * @param id the gateway's id for the refund
 * @param paymentId the payment refunded
 * @param amount how much
 * @param status the gateway's status word, e.g. {@code succeeded}, {@code pending}
 */
public record Refund(String gateway, String id, String paymentId, Money amount, String status) {

  /** Validates every field. */
  public Refund {
    Checks.of("Refund")
        .notBlank(gateway, "gateway")
        .notBlank(id, "id")
        .notBlank(paymentId, "paymentId")
        .notNull(amount, "amount")
        .notBlank(status, "status")
        .validate();
  }
}
