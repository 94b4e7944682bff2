package ai.clouvel.benchmarks.support;

import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.infra.Control;

/**
 * Flow control for a producer/consumer benchmark, so the queue holds between {@code resident} and
 * {@code 2 * resident} elements (give or take a chunk per thread) for the whole iteration:
 * producers yield while more than {@code resident} extra elements are waiting, consumers yield
 * while none are, so neither side's rate is that of claims on an empty queue nor of a queue that
 * grows without bound. Threads report in chunks of {@value #CHUNK} operations, so the shared
 * counter is touched once per chunk and adds no contention worth measuring. Every peer in a
 * comparison uses the same flow control.
 */
public final class Backlog {
  /** Operations a thread counts locally before touching the shared counter. */
  public static final int CHUNK = 256;

  private final AtomicLong backlog = new AtomicLong();
  private final long limit;

  /** Flow control that lets at most {@code limit} extra elements (plus a chunk per producer) pile up. */
  public Backlog(long limit) {
    this.limit = limit;
  }

  /**
   * Whether a producer should add an element: not once the iteration's measurement has ended. In
   * the warm-down after it (uncounted), consumers may already have stopped while producers, no
   * longer held back, would fill the queue without bound, which is no figure of anyone's and can
   * exhaust the heap before the next iteration starts.
   */
  public static boolean producing(Control control) {
    return !control.stopMeasurement;
  }

  /** Counts one enqueue by the calling producer; pauses it while the backlog is over the limit. */
  public void produced(Counters counters, Control control) {
    if (++counters.local < CHUNK) {
      return;
    }
    counters.local = 0;
    backlog.addAndGet(CHUNK);
    while (backlog.get() > limit && !control.stopMeasurement) {
      Thread.yield();
    }
  }

  /** Counts one successful claim (a finished cycle) by the calling consumer; pauses it while no extra elements wait. */
  public void consumed(Counters counters, Control control) {
    counters.cycles++;
    if (++counters.local < CHUNK) {
      return;
    }
    counters.local = 0;
    backlog.addAndGet(-CHUNK);
    while (backlog.get() < 0 && !control.stopMeasurement) {
      Thread.yield();
    }
  }
}
