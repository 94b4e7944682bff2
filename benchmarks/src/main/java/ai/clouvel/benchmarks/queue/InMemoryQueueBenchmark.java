package ai.clouvel.benchmarks.queue;

import ai.clouvel.benchmarks.support.Backlog;
import ai.clouvel.benchmarks.support.Counters;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.InMemoryTaskQueue;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * {@link InMemoryTaskQueue}: one full cycle is {@code enqueue} of a due task, {@code claim} of one
 * task and {@code complete} of it, with {@code resident} due tasks always in the queue. {@code single}
 * runs the cycle on one thread; the {@code queue2x2} group runs {@code enqueue} on two threads and
 * {@code claim + complete} on two others, where the {@code cycles} counter is the rate of completed
 * tasks ({@link Backlog} keeps between {@code resident} and twice that many tasks queued). Same
 * settings as {@link JdkQueueBenchmark}, its peers, in the same run.
 *
 * <p>The {@link TaskSpec} is built once and enqueued again and again (a spec is immutable), so the
 * figure is the queue's, not the spec builder's. The queue runs with its defaults, so it keeps the
 * newest 100,000 succeeded tasks readable, as it would in a host; each iteration starts with a new
 * queue. Both this and its peers run on a pre-touched 4 GB heap, so the kernel's zeroing of pages
 * touched for the first time is not part of any figure.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InMemoryQueueBenchmark {
  static final Duration LEASE = Duration.ofMinutes(5);
  static final TaskSpec SPEC = TaskSpec.of("bench.noop", "{}");

  /** The queue, new and holding {@code resident} due tasks at the start of every iteration. */
  @State(Scope.Benchmark)
  public static class Queue {
    /** Tasks in the queue while the cycles run. */
    @Param({"1000", "100000"})
    public int resident;

    InMemoryTaskQueue queue;
    Backlog backlog;

    /** A new queue with {@code resident} due tasks. */
    @Setup(Level.Iteration)
    public void fill() {
      queue = InMemoryTaskQueue.create();
      backlog = new Backlog(resident);
      List<TaskSpec> specs = new ArrayList<>(resident);
      for (int i = 0; i < resident; i++) {
        specs.add(SPEC);
      }
      queue.enqueueAll(specs);
    }

    /** Drops the queue. */
    @TearDown(Level.Iteration)
    public void close() {
      queue.close();
    }
  }

  /** Enqueue, claim, complete on one thread. */
  @Benchmark
  @Threads(1)
  public ClaimedTask single(Queue q) {
    q.queue.enqueue(SPEC);
    ClaimedTask task = q.queue.claim("bench", 1, LEASE).get(0);
    q.queue.complete(task);
    return task;
  }

  /** Two threads enqueue. */
  @Benchmark
  @Group("queue2x2")
  @GroupThreads(2)
  public TaskId produce(Queue q, Counters c, Control control) {
    if (!Backlog.producing(control)) {
      return null;
    }
    TaskId id = q.queue.enqueue(SPEC);
    q.backlog.produced(c, control);
    return id;
  }

  /** Two threads claim one task and complete it. */
  @Benchmark
  @Group("queue2x2")
  @GroupThreads(2)
  public int consume(Queue q, Counters c, Control control) {
    List<ClaimedTask> claimed = q.queue.claim("bench", 1, LEASE);
    if (claimed.isEmpty()) {
      return 0;
    }
    q.queue.complete(claimed.get(0));
    q.backlog.consumed(c, control);
    return 1;
  }
}
