package ai.clouvel.benchmarks.queue;

import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ai.clouvel.benchmarks.support.Backlog;
import ai.clouvel.benchmarks.support.Counters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * The JDK peers of {@link InMemoryQueueBenchmark}: what a host would build from the JDK alone, a
 * {@link PriorityBlockingQueue} ordered like our queue (priority, then due time, then a sequence
 * number for first-in-first-out) and a {@link DelayQueue} of due elements. Each cycle offers one
 * element and polls one, with {@code resident} due elements always in the queue; {@code single}
 * runs on one thread, the {@code pbq2x2}/{@code delay2x2} groups on two producer and two consumer
 * threads, where the {@code cycles} counter is the rate of successful polls; {@link Backlog}
 * keeps between {@code resident} and twice that many elements in the queue.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdkQueueBenchmark {

  /** An element ordered like a task: priority (higher first), due time, then sequence. */
  public static final class Job implements Comparable<Job> {
    final long seq;
    final int priority;
    final long dueNanos;

    Job(long seq, int priority, long dueNanos) {
      this.seq = seq;
      this.priority = priority;
      this.dueNanos = dueNanos;
    }

    @Override
    public int compareTo(Job o) {
      int c = Integer.compare(o.priority, priority);
      if (c != 0) {
        return c;
      }
      c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** A due element for the {@link DelayQueue}: ordered by due time, then sequence. */
  public static final class DelayedJob implements Delayed {
    final long seq;
    final long dueNanos;

    DelayedJob(long seq, long dueNanos) {
      this.seq = seq;
      this.dueNanos = dueNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      DelayedJob o = (DelayedJob) other;
      int c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** The queues, refilled with {@code resident} due elements before every iteration. */
  @State(Scope.Benchmark)
  public static class Queues {
    /** Elements in the queue while the cycles run. */
    @Param({"1000", "100000"})
    public int resident;

    final AtomicLong seq = new AtomicLong();
    Backlog backlog;
    PriorityBlockingQueue<Job> pbq;
    DelayQueue<DelayedJob> delay;
    long due;

    /** Fills both queues. */
    @Setup(Level.Iteration)
    public void fill() {
      due = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
      pbq = new PriorityBlockingQueue<>();
      delay = new DelayQueue<>();
      backlog = new Backlog(resident);
      for (int i = 0; i < resident; i++) {
        pbq.offer(new Job(seq.incrementAndGet(), 0, due));
        delay.offer(new DelayedJob(seq.incrementAndGet(), due));
      }
    }
  }

  /** One offer and one poll on one thread. */
  @Benchmark
  @Threads(1)
  public Job pbqSingle(Queues q) {
    q.pbq.offer(new Job(q.seq.incrementAndGet(), 0, q.due));
    return q.pbq.poll();
  }

  /** One offer and one poll on one thread. */
  @Benchmark
  @Threads(1)
  public DelayedJob delaySingle(Queues q) {
    q.delay.offer(new DelayedJob(q.seq.incrementAndGet(), q.due));
    return q.delay.poll();
  }

  /** Two threads offer. */
  @Benchmark
  @Group("pbq2x2")
  @GroupThreads(2)
  public void pbqProduce(Queues q, Counters c, Control control) {
    if (!Backlog.producing(control)) {
      return;
    }
    q.pbq.offer(new Job(q.seq.incrementAndGet(), 0, q.due));
    q.backlog.produced(c, control);
  }

  /** Two threads poll. */
  @Benchmark
  @Group("pbq2x2")
  @GroupThreads(2)
  public Job pbqConsume(Queues q, Counters c, Control control) {
    Job job = q.pbq.poll();
    if (job != null) {
      q.backlog.consumed(c, control);
    }
    return job;
  }

  /** Two threads offer. */
  @Benchmark
  @Group("delay2x2")
  @GroupThreads(2)
  public void delayProduce(Queues q, Counters c, Control control) {
    if (!Backlog.producing(control)) {
      return;
    }
    q.delay.offer(new DelayedJob(q.seq.incrementAndGet(), q.due));
    q.backlog.produced(c, control);
  }

  /** Two threads poll. */
  @Benchmark
  @Group("delay2x2")
  @GroupThreads(2)
  public DelayedJob delayConsume(Queues q, Counters c, Control control) {
    DelayedJob job = q.delay.poll();
    if (job != null) {
      q.backlog.consumed(c, control);
    }
    return job;
  }
}
