package ai.clouvel.sdk.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so time-based rules (due times, leases,
 * backoff, purge ages) are tested without sleeping. Thread-safe: every clock made by
 * {@link #withZone} shares the same time.
 *
 * <pre>{@code
 * SettableClock clock = SettableClock.at("2026-03-01T12:00:00Z");
 * TaskQueue queue = InMemoryTaskQueue.builder().clock(clock).build();
 * clock.advance(Duration.ofSeconds(31)); // every 30 s lease has now expired
 * }</pre>
 */
public final class SettableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock standing at {@code start}, in UTC. */
  public SettableClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at the given ISO-8601 instant, e.g. {@code 2026-03-01T12:00:00Z}. */
  public static SettableClock at(String isoInstant) {
    return new SettableClock(Instant.parse(isoInstant));
  }

  /** Moves the clock to {@code instant} (backwards too, to test clock skew). */
  public SettableClock set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
    return this;
  }

  /** Moves the clock forward by {@code duration} (backward when negative) and returns the new time. */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return now.updateAndGet(t -> t.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new SettableClock(now, newZone);
  }

  @Override
  public String toString() {
    return "SettableClock[" + now.get() + ", " + zone + "]";
  }
}
