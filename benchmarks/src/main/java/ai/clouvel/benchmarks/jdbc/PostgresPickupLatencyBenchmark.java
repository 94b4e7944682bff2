package ai.clouvel.benchmarks.jdbc;

import ai.clouvel.benchmarks.support.BenchPostgres;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.queue.TaskSpec;
import ai.clouvel.sdk.worker.TaskWorker;
import ai.clouvel.sdk.worker.WorkerListener;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Pickup latency on PostgreSQL: the time from {@code enqueue} of one task, while the worker is
 * idle, to the start of its handler. Two queues on one database stand for two nodes: the producer
 * enqueues through one, the {@link TaskWorker} claims through the other, so the worker learns of
 * the task only by PostgreSQL {@code LISTEN}/{@code NOTIFY} ({@link
 * ai.clouvel.sdk.queue.TaskQueue#onAvailable}); its poll interval is 5 s, so a missed
 * notification would show as a 5 s sample. JMH's sample mode times each call: {@code enqueue}
 * (its commit included) until the handler signals that it started. Before each call (not timed)
 * the previous task is completed and the worker has been idle for 5 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Threads(1)
public class PostgresPickupLatencyBenchmark {
  private static final String TYPE = "bench.pickup";

  private final TaskSpec spec = TaskSpec.of(TYPE, BurnDown.PAYLOAD);
  private final Semaphore finished = new Semaphore(0);
  private HikariDataSource dataSource;
  private JdbcTaskQueue producer;
  private JdbcTaskQueue consumer;
  private TaskWorker worker;
  private volatile CountDownLatch started = new CountDownLatch(1);
  private boolean first = true;

  /** Creates the database, both queues and the idle worker. */
  @Setup(Level.Trial)
  public void start() {
    dataSource = BenchPostgres.freshDatabase("clouvel_pickup", 8);
    producer = JdbcTaskQueue.builder(dataSource).migrate(true).build();
    consumer = JdbcTaskQueue.builder(dataSource).build();
    worker = TaskWorker.builder(consumer)
        .name("pickup")
        .concurrency(1)
        .pollInterval(Duration.ofSeconds(5), Duration.ofSeconds(5))
        .handler(TYPE, ctx -> started.countDown())
        .listener(new WorkerListener() {
          @Override
          public void onSucceeded(ClaimedTask task, Duration handlerTime) {
            finished.release();
          }
        })
        .build()
        .start();
  }

  /** Waits until the previous task is completed and the worker has idled for 5 ms. */
  @Setup(Level.Invocation)
  public void idle() throws InterruptedException {
    if (!first && !finished.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The previous task did not complete within 30 s");
    }
    first = false;
    started = new CountDownLatch(1);
    Thread.sleep(5);
  }

  /** Enqueues one task and waits until its handler starts. */
  @Benchmark
  public void pickup() throws InterruptedException {
    producer.enqueue(spec);
    if (!started.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The handler did not start within 30 s");
    }
  }

  /** Stops the worker and closes the queues and the pool. */
  @TearDown(Level.Trial)
  public void stop() {
    worker.close();
    consumer.close();
    producer.close();
    dataSource.close();
  }
}
