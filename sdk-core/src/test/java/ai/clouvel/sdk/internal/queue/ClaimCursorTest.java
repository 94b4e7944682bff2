package ai.clouvel.sdk.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.internal.queue.ClaimCursor.Position;
import ai.clouvel.sdk.internal.queue.ClaimCursor.Start;
import ai.clouvel.sdk.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClaimCursorTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final long MAX_AGE = Duration.ofMillis(100).toNanos();

  final AtomicLong ticks = new AtomicLong(1_000);
  final ClaimCursor cursor = new ClaimCursor(MAX_AGE, ticks::get, null);

  static Position at(int priority, int second, long id) {
    return new Position(priority, T0.plusSeconds(second), id);
  }

  @Test
  void positions_sort_in_claim_order() {
    assertThat(at(5, 9, 9)).isLessThan(at(4, 0, 0)); // higher priority first
    assertThat(at(5, 1, 9)).isLessThan(at(5, 2, 0)); // then earlier due
    assertThat(at(5, 1, 1)).isLessThan(at(5, 1, 2)); // then lower id
    assertThat(at(5, 1, 1)).isEqualByComparingTo(at(5, 1, 1));
  }

  @Test
  void a_claim_from_the_beginning_sets_the_position_the_next_claim_starts_from() {
    Start first = cursor.start();
    assertThat(first.from()).isNull();

    cursor.claimed(first, at(0, 1, 7));

    assertThat(cursor.start().from()).isEqualTo(at(0, 1, 7));
  }

  @Test
  void claims_from_the_position_move_it_forward_only() {
    cursor.claimed(cursor.start(), at(0, 1, 7));
    Start a = cursor.start();
    Start b = cursor.start();

    cursor.claimed(a, at(0, 1, 20));
    cursor.claimed(b, at(0, 1, 10)); // read the index before a committed

    assertThat(cursor.start().from()).isEqualTo(at(0, 1, 20));
  }

  @Test
  void a_claim_in_flight_while_this_queue_made_a_task_ready_does_not_move_the_position() {
    cursor.claimed(cursor.start(), at(0, 1, 7));
    Start inFlight = cursor.start();

    cursor.movedBack(at(0, 5, 30)); // after the position: it stays
    cursor.claimed(inFlight, at(0, 9, 40)); // may have read the index before task 30 was committed

    assertThat(cursor.start().from()).isEqualTo(at(0, 1, 7));
  }

  @Test
  void a_task_made_ready_before_the_position_moves_it_back_to_the_task() {
    cursor.claimed(cursor.start(), at(0, 9, 40));

    cursor.movedBack(at(3, 20, 50)); // higher priority

    assertThat(cursor.start().from()).isEqualTo(at(3, 20, 50));
    cursor.movedBack(at(3, 10, 60));
    assertThat(cursor.start().from()).isEqualTo(at(3, 10, 60));
  }

  @Test
  void drop_makes_the_next_claim_read_from_the_beginning_and_ignores_claims_in_flight() {
    cursor.claimed(cursor.start(), at(0, 1, 7));
    Start inFlight = cursor.start();

    cursor.drop();
    cursor.claimed(inFlight, at(0, 2, 8));

    assertThat(cursor.start().from()).isNull();
  }

  @Test
  void a_claim_from_the_beginning_that_finds_nothing_clears_the_position() {
    cursor.claimed(cursor.start(), at(0, 1, 7));
    Start fromPosition = cursor.start();
    cursor.claimed(fromPosition, null); // nothing from the position: the position stays for now
    assertThat(cursor.start().from()).isEqualTo(at(0, 1, 7));

    cursor.claimed(cursor.fromBeginning(), null);

    assertThat(cursor.start().from()).isNull();
  }

  @Test
  void the_position_is_trusted_for_max_age_after_the_claim_that_read_from_the_beginning() {
    Start scan = cursor.start();
    cursor.claimed(scan, at(0, 1, 7));
    ticks.addAndGet(MAX_AGE - 1);
    Start fromPosition = cursor.start();
    assertThat(fromPosition.from()).isEqualTo(at(0, 1, 7));
    cursor.claimed(fromPosition, at(0, 1, 9)); // claims from the position do not renew it

    ticks.addAndGet(1);
    Start rescan = cursor.start();

    assertThat(rescan.from()).isNull();
    cursor.claimed(rescan, at(0, 1, 12));
    assertThat(cursor.start().from()).isEqualTo(at(0, 1, 12));
  }

  @Test
  void with_an_injected_clock_the_position_is_stale_once_the_clock_moves_on_by_max_age() {
    SettableClock clock = new SettableClock(T0);
    ClaimCursor onClock = new ClaimCursor(MAX_AGE, ticks::get, clock);
    onClock.claimed(onClock.start(), at(0, 1, 7));

    clock.advance(Duration.ofMillis(99));
    assertThat(onClock.start().from()).isEqualTo(at(0, 1, 7));
    clock.advance(Duration.ofMillis(1)); // a higher-priority task may have come due

    assertThat(onClock.start().from()).isNull();
  }

  @Test
  void max_age_must_be_positive() {
    assertThatThrownBy(() -> new ClaimCursor(0, ticks::get, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAgeNanos");
  }
}
