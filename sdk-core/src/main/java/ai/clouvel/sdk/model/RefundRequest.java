package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A refund of a payment, e.g. when a commission fails.
 *
 * @param paymentId the gateway's id for the payment
 * @param amount how much to refund; {@code null} refunds everything
 * @param reason why, kept with the refund
 * @param idempotencyKey a retry with the same key never refunds twice
 */
public record RefundRequest(String paymentId, @Nullable Money amount, String reason, String idempotencyKey) {

  /** Validates every field. */
  public RefundRequest {
    Checks.of("RefundRequest")
        .notBlank(paymentId, "paymentId")
        .check(amount == null || amount.isPositive(), "amount", "must be positive when set")
        .notBlank(reason, "reason")
        .notBlank(idempotencyKey, "idempotencyKey")
        .validate();
  }
}
