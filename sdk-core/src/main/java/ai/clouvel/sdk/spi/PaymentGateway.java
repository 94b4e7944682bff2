package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.model.Checkout;
import ai.clouvel.sdk.model.CheckoutRequest;
import ai.clouvel.sdk.model.PaymentEvent;
import ai.clouvel.sdk.model.Refund;
import ai.clouvel.sdk.model.RefundRequest;

/** Collects and refunds payments, and verifies the gateway's webhooks. */
public interface PaymentGateway extends Provider {
  /** Opens a checkout; the same idempotency key returns the same checkout. */
  Checkout checkout(CheckoutRequest request);

  /** Refunds a payment; the same idempotency key never refunds twice. */
  Refund refund(RefundRequest request);

  /**
   * Verifies a webhook's signature and parses it.
   *
   * @param payload the raw request body, exactly as received
   * @param signatureHeader the gateway's signature header
   * @throws ai.clouvel.sdk.exception.ValidationException when the signature is missing, wrong or stale
   */
  PaymentEvent verify(String payload, String signatureHeader);
}
