package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.internal.Checks;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Why an attempt failed, and whether to try again.
 *
 * @param message the error, kept as the task's last error (truncated by the queue if very long)
 * @param errorType the exception class or an error code, if any
 * @param retryable {@code false} sends the task straight to {@link TaskStatus#DEAD}
 * @param retryAfter run the next attempt after this delay instead of the queue's backoff (e.g. a
 *     provider's rate-limit reset), if set
 */
public record Failure(String message, @Nullable String errorType, boolean retryable, @Nullable Duration retryAfter) {

  /** Validates every field. */
  public Failure {
    Checks.of("Failure")
        .notNull(message, "message")
        .check(retryAfter == null || !retryAfter.isNegative(), "retryAfter", "must not be negative")
        .validate();
  }

  /** A failure that may be retried with the queue's backoff. */
  public static Failure retryable(String message) {
    return new Failure(message, null, true, null);
  }

  /** A failure that must not be retried. */
  public static Failure permanent(String message) {
    return new Failure(message, null, false, null);
  }

  /**
   * A failure from an exception: not retryable when it is a {@link ClouvelException} that says so,
   * retryable otherwise.
   */
  public static Failure of(Throwable error) {
    boolean retryable = !(error instanceof ClouvelException ce) || ce.isRetryable();
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new Failure(message, error.getClass().getName(), retryable, null);
  }
}
