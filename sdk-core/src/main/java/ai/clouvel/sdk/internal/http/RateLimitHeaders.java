package ai.clouvel.sdk.internal.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads how long a provider asks us to wait: {@code Retry-After} (seconds or an HTTP-date),
 * {@code retry-after-ms}, and the rate-limit window headers: {@code x-ratelimit-reset} (Reddit:
 * seconds until the window resets), {@code x-rate-limit-reset} (X: the reset time in epoch
 * seconds) and {@code ratelimit-reset} (IETF draft: seconds). A reset value above
 * {@value #EPOCH_THRESHOLD} is read as epoch seconds whatever the header, below it as seconds from
 * now, since providers disagree. Unparseable values are ignored.
 */
public final class RateLimitHeaders {
  /** Values at least this large are epoch seconds (September 2001), smaller ones are delays. */
  static final long EPOCH_THRESHOLD = 1_000_000_000L;

  private static final List<String> RESET = List.of("x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset");
  private static final List<String> REMAINING = List.of("x-ratelimit-remaining", "x-rate-limit-remaining", "ratelimit-remaining");

  private RateLimitHeaders() {}

  /**
   * How long the server asked us to wait before retrying, from {@code Retry-After} or
   * {@code retry-after-ms}, else from the rate-limit reset when the window is used up (no
   * remaining count, or one at or below zero).
   *
   * @param header looks a header up by lower-case name
   */
  public static Optional<Duration> requestedWait(Function<String, @Nullable String> header, Clock clock) {
    Optional<Duration> retryAfter = retryAfter(header.apply("retry-after"), clock);
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    Optional<Duration> millis = number(header.apply("retry-after-ms"))
        .filter(v -> v.signum() >= 0)
        .map(v -> ofSeconds(v.movePointLeft(3)));
    if (millis.isPresent()) {
      return millis;
    }
    OptionalDouble remaining = remaining(header);
    if (remaining.isPresent() && remaining.getAsDouble() > 0) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return reset(header, clock).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  /** Parses a {@code Retry-After} value: delay seconds (decimals allowed) or an HTTP-date; a past date means now. */
  public static Optional<Duration> retryAfter(@Nullable String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<BigDecimal> seconds = number(value);
    if (seconds.isPresent()) {
      return seconds.filter(v -> v.signum() >= 0).map(RateLimitHeaders::ofSeconds);
    }
    try {
      Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Instant now = clock.instant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** When the rate-limit window resets, from the first reset header present. */
  public static Optional<Instant> reset(Function<String, @Nullable String> header, Clock clock) {
    for (String name : RESET) {
      Optional<BigDecimal> v = number(header.apply(name)).filter(n -> n.signum() >= 0);
      if (v.isPresent()) {
        BigDecimal n = v.get();
        if (n.compareTo(BigDecimal.valueOf(EPOCH_THRESHOLD)) >= 0) {
          if (n.compareTo(BigDecimal.valueOf(100 * EPOCH_THRESHOLD)) >= 0) {
            continue; // not a plausible epoch second
          }
          return Optional.of(Instant.ofEpochMilli(n.movePointRight(3).longValue()));
        }
        return Optional.of(clock.instant().plus(ofSeconds(n)));
      }
    }
    return Optional.empty();
  }

  /** Calls left in the window, from the first remaining-count header present. */
  public static OptionalDouble remaining(Function<String, @Nullable String> header) {
    for (String name : REMAINING) {
      Optional<BigDecimal> v = number(header.apply(name));
      if (v.isPresent()) {
        return OptionalDouble.of(v.get().doubleValue());
      }
    }
    return OptionalDouble.empty();
  }

  private static Duration ofSeconds(BigDecimal seconds) {
    BigDecimal capped = seconds.min(BigDecimal.valueOf(Duration.ofDays(365).toSeconds()));
    return Duration.ofMillis(capped.movePointRight(3).longValue());
  }

  private static Optional<BigDecimal> number(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.isEmpty() || v.length() > 30 || !v.matches("-?\\d+(\\.\\d+)?")) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(v));
  }
}
