package ai.clouvel.sdk.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CoarseClockTest {
  static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      Thread.onSpinWait();
    }
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void follows_its_source_forwards_and_back() {
    AtomicLong source = new AtomicLong(1_000);
    CoarseClock clock = new CoarseClock(source::get, MILLI, 10_000, "coarse-clock-follows");

    assertThat(clock.now()).isEqualTo(Instant.ofEpochMilli(1_000));
    source.set(5_000);
    await(() -> clock.now().equals(Instant.ofEpochMilli(5_000)), "the update to 5,000");
    source.set(3_000);
    await(() -> clock.now().equals(Instant.ofEpochMilli(3_000)), "the update back to 3,000");
  }

  @Test
  void readings_while_the_thread_runs_do_not_go_to_the_source() {
    AtomicInteger sourceReads = new AtomicInteger();
    CoarseClock clock = new CoarseClock(() -> {
      sourceReads.incrementAndGet();
      return System.currentTimeMillis();
    }, 10 * MILLI, 1_000, "coarse-clock-reads");

    long started = System.nanoTime();
    for (int i = 0; i < 100_000; i++) {
      assertThat(clock.now()).isNotNull();
    }
    long elapsedTicks = (System.nanoTime() - started) / (10 * MILLI);

    // The first reading, then the thread's one per tick.
    assertThat(sourceReads.get()).isLessThanOrEqualTo(2 + (int) elapsedTicks);
  }

  @Test
  void the_thread_ends_when_nobody_reads_and_the_next_reading_starts_it_again() {
    AtomicLong source = new AtomicLong(1_000);
    String name = "coarse-clock-idle";
    CoarseClock clock = new CoarseClock(source::get, MILLI, 5, name);

    clock.now();
    assertThat(clock.running()).isTrue();
    await(() -> !clock.running() && !threadAlive(name), "the thread's end after 5 ticks without a reading");

    source.set(7_000);
    assertThat(clock.now()).as("read from the source while no thread runs").isEqualTo(Instant.ofEpochMilli(7_000));
    assertThat(clock.running()).isTrue();
  }

  @Test
  void the_system_clock_stays_close_to_the_system_time() {
    long before = System.currentTimeMillis();
    Instant reading = CoarseClock.SYSTEM.now();
    long after = System.currentTimeMillis();

    // At most a tick behind, when the machine is not starved; a second covers a loaded build.
    assertThat(reading.toEpochMilli()).isBetween(before - 1_000, after);
  }

  @Test
  void refuses_ticks_and_idle_counts_below_one() {
    assertThatThrownBy(() -> new CoarseClock(System::currentTimeMillis, 0, 1, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tickNanos");
    assertThatThrownBy(() -> new CoarseClock(System::currentTimeMillis, 1, 0, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTicks");
  }
}
