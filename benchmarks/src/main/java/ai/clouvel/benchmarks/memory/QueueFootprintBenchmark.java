package ai.clouvel.benchmarks.memory;

import ai.clouvel.sdk.queue.InMemoryTaskQueue;
import ai.clouvel.sdk.queue.TaskSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained heap per queued task in {@link InMemoryTaskQueue}, excluding the payload: {@code tasks}
 * due tasks share one empty payload string (and one type and account string), so what is left is
 * the queue's own cost per task. Measured two ways, reported as the secondary results
 * {@code bytesPerTaskJol} (JOL's walk of every object reachable from the queue, minus the empty
 * queue's) and {@code bytesPerTaskHeap} (used heap after full collections, with and without the
 * queue). The primary score, the time to enqueue all tasks and measure, is not a target.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Djol.magicFieldOffset=true", "-Djdk.attach.allowAttachSelf=true"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class QueueFootprintBenchmark {
  /** The shared payload: empty, so no task carries payload bytes of its own. */
  static final String PAYLOAD = "";

  /** Queued tasks measured. */
  @Param({"1000000"})
  public int tasks;

  /** What one measurement found; JMH reports each public field. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Footprint {
    /** Bytes per queued task by JOL's object graph walk. */
    public double bytesPerTaskJol;
    /** Bytes per queued task by used heap after GC. */
    public double bytesPerTaskHeap;

    /** Clears the figures before the measurement. */
    @Setup(Level.Iteration)
    public void clear() {
      bytesPerTaskJol = 0;
      bytesPerTaskHeap = 0;
    }
  }

  /** Fills a queue with {@link #tasks} due tasks and measures what it retains. */
  @Benchmark
  public void queuedTasks(Footprint out, Blackhole bh) {
    TaskSpec spec = TaskSpec.of("bench.noop", PAYLOAD);
    List<TaskSpec> chunk = new ArrayList<>(10_000);
    for (int i = 0; i < 10_000; i++) {
      chunk.add(spec);
    }
    long emptyJol = GraphLayout.parseInstance(InMemoryTaskQueue.create()).totalSize();

    long before = usedAfterGc();
    InMemoryTaskQueue queue = InMemoryTaskQueue.create();
    for (int i = 0; i < tasks; i += chunk.size()) {
      queue.enqueueAll(chunk.subList(0, Math.min(chunk.size(), tasks - i)));
    }
    long after = usedAfterGc();
    out.bytesPerTaskHeap = (double) (after - before) / tasks;
    out.bytesPerTaskJol = (double) (GraphLayout.parseInstance(queue).totalSize() - emptyJol) / tasks;
    bh.consume(queue);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
