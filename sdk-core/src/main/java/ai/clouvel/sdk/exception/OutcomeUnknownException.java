package ai.clouvel.sdk.exception;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The call may or may not have taken effect (a timeout or a dropped connection after a non-idempotent request was sent). Reconcile by reading the provider's state; never retry blindly, or a post or charge may happen twice. */
public class OutcomeUnknownException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * @param providerId the provider's id
   * @param message what went wrong, without secrets
   * @param httpStatus the HTTP status, or {@code 0} when no response was received
   * @param endpoint the endpoint called, if any
   * @param requestId the upstream request id, if any
   * @param retryAt when a retry may succeed, if known
   * @param cause the underlying cause, if any
   */
  public OutcomeUnknownException(
      String providerId,
      String message,
      int httpStatus,
      @Nullable String endpoint,
      @Nullable String requestId,
      @Nullable Instant retryAt,
      @Nullable Throwable cause) {
    super(providerId, message, httpStatus, endpoint, requestId, retryAt, false, cause);
  }
}
