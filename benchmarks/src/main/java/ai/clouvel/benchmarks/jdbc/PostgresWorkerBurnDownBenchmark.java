package ai.clouvel.benchmarks.jdbc;

import ai.clouvel.benchmarks.support.BenchPostgres;
import ai.clouvel.benchmarks.support.Sql;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.worker.TaskWorker;
import ai.clouvel.sdk.worker.WorkerListener;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole stack on PostgreSQL: a {@link TaskWorker} with no-op handlers burns down {@value
 * BurnDown#TASKS} pre-enqueued tasks, claiming as many as it has free slots and completing tasks
 * that finish together in one batch. Its concurrency of 16 matches what {@link
 * DbSchedulerBurnDownBenchmark} keeps picked at once (4 threads, lock-and-fetch of 4 per thread).
 * One invocation starts the worker and ends when every task's success was recorded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PostgresWorkerBurnDownBenchmark {
  /** Handlers running at once, and so tasks per claim. */
  @Param({"16"})
  public int concurrency;

  private HikariDataSource dataSource;
  private JdbcTaskQueue queue;
  private TaskWorker worker;
  private CountDownLatch done;

  /** Creates the database and the queue's schema. */
  @Setup(Level.Trial)
  public void createDatabase() {
    dataSource = BenchPostgres.freshDatabase("clouvel_worker", 8);
    queue = JdbcTaskQueue.builder(dataSource).migrate(true).build();
  }

  /** Fills the table and builds a worker (not started). */
  @Setup(Level.Invocation)
  public void fill() {
    Sql.execute(dataSource, "TRUNCATE clouvel_tasks", "VACUUM ANALYZE clouvel_tasks");
    BurnDown.fill(queue, BurnDown.TASKS);
    Sql.execute(dataSource, "VACUUM ANALYZE clouvel_tasks");
    CountDownLatch latch = new CountDownLatch(BurnDown.TASKS);
    done = latch;
    worker = TaskWorker.builder(queue)
        .name("bench")
        .concurrency(concurrency)
        .handler(BurnDown.TYPE, ctx -> { })
        .listener(new WorkerListener() {
          @Override
          public void onSucceeded(ClaimedTask task, Duration handlerTime) {
            latch.countDown();
          }
        })
        .build();
  }

  /** Runs every task. */
  @Benchmark
  @OperationsPerInvocation(BurnDown.TASKS)
  public void burnDown() throws InterruptedException {
    worker.start();
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("The worker left " + done.getCount() + " tasks");
    }
  }

  /** Stops the worker and checks that every task succeeded once. */
  @TearDown(Level.Invocation)
  public void check() {
    worker.close();
    BurnDown.checkAllSucceeded(dataSource);
  }

  /** Closes the queue and the pool. */
  @TearDown(Level.Trial)
  public void close() {
    queue.close();
    dataSource.close();
  }
}
