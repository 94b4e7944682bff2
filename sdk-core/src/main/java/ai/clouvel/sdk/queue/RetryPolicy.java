package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.internal.Checks;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between attempts of a failed task: the n-th retry waits
 * {@code min(max, initial * multiplier^(n-1))}, then a random part of it, up to {@code jitter},
 * is taken off so that many failures do not retry in lockstep.
 *
 * @param initial the wait before the first retry
 * @param max the longest wait
 * @param multiplier how much each wait grows; at least 1
 * @param jitter the fraction of each wait that is random, 0 to 1
 */
public record RetryPolicy(Duration initial, Duration max, double multiplier, double jitter) {

  /** 1 s, doubling, at most 10 min, 20 % jitter. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), 2.0, 0.2);

  /** Validates every field. */
  public RetryPolicy {
    Checks.of("RetryPolicy")
        .check(initial != null && !initial.isNegative(), "initial", "must not be negative")
        .check(max != null && initial != null && max.compareTo(initial) >= 0, "max", "must be at least initial")
        .check(multiplier >= 1.0, "multiplier", "must be at least 1, was " + multiplier)
        .check(jitter >= 0.0 && jitter <= 1.0, "jitter", "must be between 0 and 1, was " + jitter)
        .validate();
  }

  /** The wait before the retry that follows failed attempt {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, max.toMillis());
    double withJitter = capped - capped * jitter * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) withJitter);
  }
}
