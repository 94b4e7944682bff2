package ai.clouvel.benchmarks.support;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread counters of a producer/consumer group: JMH reports {@link #cycles} (consumer calls
 * that got an element, i.e. finished enqueue-to-done cycles) as a rate summed over the threads.
 * Pass it to {@link Backlog#consumed} and {@link Backlog#produced}.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Counters {
  /** Successful consumer calls. */
  public long cycles;
  /** The thread's count not yet reported to the {@link Backlog}. */
  int local;
}
