package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A verified webhook event from a payment gateway.
 *
 * @param gateway the payment gateway's id
 * @param id the gateway's event id (deduplicate on it: gateways deliver at least once)
 * @param type the gateway's event type, e.g. {@code checkout.session.completed}
 * @param paymentId the payment it concerns, if any
 * @param amount the amount it concerns, if any
 * @param metadata the metadata given at checkout; copied
 * @param createdAt when the gateway created the event
 */
public record PaymentEvent(
    String gateway, String id, String type, @Nullable String paymentId, @Nullable Money amount,
    Map<String, String> metadata, Instant createdAt) {

  /** Validates every field and copies the metadata. */
  public PaymentEvent {
    Checks.of("PaymentEvent")
        .notBlank(gateway, "gateway")
        .notBlank(id, "id")
        .notBlank(type, "type")
        .notNull(metadata, "metadata")
        .notNull(createdAt, "createdAt")
        .validate();
    metadata = Map.copyOf(metadata);
  }
}
