package ai.clouvel.sdk.exception;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The provider is rate limiting (HTTP 429, or 503 with {@code Retry-After}); {@link #retryAt()} says when to try again when the provider said. */
public class ProviderRateLimitException extends ProviderException {
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
  public ProviderRateLimitException(
      String providerId,
      String message,
      int httpStatus,
      @Nullable String endpoint,
      @Nullable String requestId,
      @Nullable Instant retryAt,
      @Nullable Throwable cause) {
    super(providerId, message, httpStatus, endpoint, requestId, retryAt, true, cause);
  }
}
