package ai.clouvel.sdk.exception;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A provider (a platform, model or payment service) failed. Carries the provider id, the HTTP
 * status when there was a response, the upstream request id when the provider sent one, the
 * endpoint, and the time its rate limit resets when it said so. Subtypes say what an operator does
 * next: {@link ProviderAuthException} (re-authenticate), {@link ProviderRateLimitException} (wait),
 * {@link InvalidContentException} (change the content), {@link OutcomeUnknownException} (reconcile
 * by reading, never retry blindly).
 */
public class ProviderException extends ClouvelException {
  private static final long serialVersionUID = 1L;

  private final String providerId;
  private final int httpStatus;
  private final @Nullable String endpoint;
  private final @Nullable String requestId;
  private final @Nullable Instant retryAt;

  /**
   * @param providerId the provider's id, e.g. {@code reddit}
   * @param message what went wrong, without secrets
   * @param httpStatus the HTTP status, or {@code 0} when no response was received
   * @param endpoint the endpoint called (method and path), if any
   * @param requestId the upstream request id, if the provider sent one
   * @param retryAt when a retry may succeed (rate-limit reset or {@code Retry-After}), if known
   * @param retryable whether trying again may help
   * @param cause the underlying cause, if any
   */
  public ProviderException(
      String providerId,
      String message,
      int httpStatus,
      @Nullable String endpoint,
      @Nullable String requestId,
      @Nullable Instant retryAt,
      boolean retryable,
      @Nullable Throwable cause) {
    super(format(providerId, message, httpStatus, endpoint, requestId), cause, retryable);
    this.providerId = providerId;
    this.httpStatus = httpStatus;
    this.endpoint = endpoint;
    this.requestId = requestId;
    this.retryAt = retryAt;
  }

  /** A failure without an HTTP exchange. */
  public ProviderException(String providerId, String message, boolean retryable, @Nullable Throwable cause) {
    this(providerId, message, 0, null, null, null, retryable, cause);
  }

  private static String format(
      String providerId, String message, int status, @Nullable String endpoint, @Nullable String requestId) {
    StringBuilder sb = new StringBuilder().append('[').append(providerId).append("] ").append(message);
    if (endpoint != null) {
      sb.append(" (").append(endpoint);
      if (status > 0) {
        sb.append(" -> HTTP ").append(status);
      }
      sb.append(')');
    } else if (status > 0) {
      sb.append(" (HTTP ").append(status).append(')');
    }
    if (requestId != null) {
      sb.append(" request-id=").append(requestId);
    }
    return sb.toString();
  }

  /** The provider's id. */
  public String providerId() {
    return providerId;
  }

  /** The HTTP status, or {@code 0} when no response was received. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The endpoint called, e.g. {@code GET /r/java/hot.json}, if any. */
  public @Nullable String endpoint() {
    return endpoint;
  }

  /** The upstream request id, for support tickets, if the provider sent one. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** When a retry may succeed, if the provider said (rate-limit reset, {@code Retry-After}). */
  public @Nullable Instant retryAt() {
    return retryAt;
  }
}
