package ai.clouvel.sdk.http;

import ai.clouvel.sdk.Beta;
import java.time.Duration;

/**
 * Waits between retries. The default really sleeps; tests inject one that records the waits (and
 * may advance a clock) so they run in milliseconds.
 */
@Beta
@FunctionalInterface
public interface Sleeper {
  /**
   * Blocks for {@code duration}.
   *
   * @param duration how long to wait; never negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /** A sleeper that blocks the calling thread with {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return duration -> {
      long millis = duration.toMillis();
      if (millis > 0) {
        Thread.sleep(millis);
      }
    };
  }
}
