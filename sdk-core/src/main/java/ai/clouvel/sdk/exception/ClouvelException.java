package ai.clouvel.sdk.exception;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the SDK throws. It is unchecked; {@link #isRetryable()} says whether
 * trying the same operation again may succeed.
 */
public class ClouvelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * @param message what went wrong, without secrets
   * @param cause the underlying cause, if any
   * @param retryable whether trying again may help
   */
  public ClouvelException(String message, @Nullable Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** A non-retryable exception with a message and no cause. */
  public ClouvelException(String message) {
    this(message, null, false);
  }

  /** Whether trying the same operation again, unchanged, may succeed. */
  public boolean isRetryable() {
    return retryable;
  }
}
