package ai.clouvel.sdk.internal.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Where a PostgreSQL claim may start reading the claim index ({@code priority DESC, run_at, id}
 * over queued tasks) instead of at its beginning.
 *
 * <p>A claim turns the tasks it takes from queued to running; their entries in the claim index stay
 * until the table is next vacuumed, so a claim that reads the index from its beginning steps over
 * the entry of every task claimed since (a burn-down of 100,000 tasks on PostgreSQL 18: 250 index
 * pages, 0.2 ms of CPU per claim half-way through, most of the server's CPU time). The cursor is
 * the claim position of the last task a claim took: every queued task before it was, when that
 * claim read the index, claimed or held by a concurrent claim. The next claim reads the rest of the
 * cursor's priority from there, then the lower priorities; when that finds nothing it reads from
 * the beginning.
 *
 * <p>A task can come to stand before the cursor in three ways, each handled:
 * <ul>
 *   <li>this queue made it ready (enqueue, retry, release, reschedule, requeue, lease recovery):
 *       the cursor moves back to the task's position, or, when that position is not known, is
 *       dropped ({@link #movedBack}, {@link #drop});
 *   <li>a claim in flight at that moment read the index before the task was committed: a claim
 *       moves the cursor only if nothing was made ready while it ran (a generation count);
 *   <li>anything this queue does not see: another node's enqueue, a higher-priority task coming
 *       due, a transaction committed after its call returned, a claim rolled back. For these the
 *       cursor is trusted for {@code maxAge} only after the claim that read the index from its
 *       beginning: every task is claimed in its place within that time.
 * </ul>
 * Thread-safe; each method holds the cursor's monitor for a few comparisons.
 */
public final class ClaimCursor {
  private final long maxAgeNanos;
  private final LongSupplier ticker;
  private final @Nullable Clock clock;

  // guarded by this
  private long generation;
  private @Nullable Position position;
  /** When the claim that read from the beginning last set the position (ticker, and clock if any). */
  private long scannedAt;
  private @Nullable Instant scannedAtClock;

  /**
   * @param maxAgeNanos how long a position found by reading from the beginning is trusted, at least 1
   * @param ticker a monotonic nanosecond time (System::nanoTime)
   * @param clock the queue's injected clock, or {@code null}: when the clock moves on by
   *     {@code maxAge} (tasks may have come due) the cursor is stale as well
   */
  public ClaimCursor(long maxAgeNanos, LongSupplier ticker, @Nullable Clock clock) {
    if (maxAgeNanos < 1) {
      throw new IllegalArgumentException("maxAgeNanos must be at least 1, was " + maxAgeNanos);
    }
    this.maxAgeNanos = maxAgeNanos;
    this.ticker = ticker;
    this.clock = clock;
  }

  /**
   * A position in claim order: higher priority first, then earlier due time, then lower id.
   *
   * @param priority the task's priority
   * @param runAt the task's due time
   * @param id the task's id
   */
  public record Position(int priority, Instant runAt, long id) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = Integer.compare(o.priority, priority);
      if (c == 0) {
        c = runAt.compareTo(o.runAt);
      }
      return c != 0 ? c : Long.compare(id, o.id);
    }
  }

  /**
   * How a claim starts: the generation it saw and where to read from.
   *
   * @param generation the cursor's generation when the claim started
   * @param ticks the ticker then
   * @param now the clock then, or {@code null} without injected clock
   * @param from where to start reading, or {@code null} for the beginning
   */
  public record Start(long generation, long ticks, @Nullable Instant now, @Nullable Position from) {}

  /** Where the next claim reads from: the position if it is fresh, else the beginning. */
  public synchronized Start start() {
    long ticks = ticker.getAsLong();
    Instant now = clock == null ? null : clock.instant();
    Position from = position;
    if (from != null && (ticks - scannedAt >= maxAgeNanos
        || now != null && scannedAtClock != null && Duration.between(scannedAtClock, now).toNanos() >= maxAgeNanos)) {
      from = null;
    }
    return new Start(generation, ticks, now, from);
  }

  /** The same claim, read from the beginning after reading from the position found nothing. */
  public synchronized Start fromBeginning() {
    return new Start(generation, ticker.getAsLong(), clock == null ? null : clock.instant(), null);
  }

  /**
   * Records a claim's outcome.
   *
   * @param start how it started
   * @param last the claim position of the last task it took, or {@code null} if it took none
   */
  public synchronized void claimed(Start start, @Nullable Position last) {
    if (last == null) {
      if (start.from() == null) {
        position = null; // nothing queued is due: nothing to skip
      }
      return;
    }
    if (start.generation() != generation) {
      return; // something was made ready meanwhile, possibly before last
    }
    if (start.from() == null) {
      if (position == null || last.compareTo(position) > 0) {
        position = last;
      }
      scannedAt = start.ticks();
      scannedAtClock = start.now();
    } else if (position != null && last.compareTo(position) > 0) {
      position = last;
    }
  }

  /** This queue made a task ready at {@code p}: the cursor moves back to it if it is past it. */
  public synchronized void movedBack(Position p) {
    generation++;
    if (position != null && p.compareTo(position) < 0) {
      position = p;
    }
  }

  /** This queue made tasks ready at positions it does not know: the next claim reads from the beginning. */
  public synchronized void drop() {
    generation++;
    position = null;
  }
}
