package ai.clouvel.benchmarks.jdbc;

import ai.clouvel.benchmarks.support.BenchPostgres;
import ai.clouvel.benchmarks.support.Sql;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.ExecutorService;
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
 * {@link JdbcTaskQueue} on PostgreSQL: burn-down of {@value BurnDown#TASKS} pre-enqueued no-op
 * tasks by {@code threads} workers (4 and 8), each looping {@code claim(batch)} and completing what
 * it claimed ({@code completeAll} for a batch), until nothing is due. The score is time per task (the report
 * shows tasks per second). Its peer in the same run is {@link DbSchedulerBurnDownBenchmark}, on the
 * same server with the same number of threads. Every invocation starts from a truncated, vacuumed
 * table filled with {@code enqueueAll} (not measured).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PostgresBurnDownBenchmark {
  /** Tasks claimed per {@code claim} call. */
  @Param({"1", "10", "100"})
  public int batch;

  /**
   * Worker threads, each with its own connection. An un-batched worker spends most of each cycle
   * waiting (two round trips, one of them for the disk), so on two cores more workers than cores
   * keep the server busier.
   */
  @Param({"4", "8"})
  public int threads;

  private HikariDataSource dataSource;
  private JdbcTaskQueue queue;
  private ExecutorService pool;

  /** Creates the database, the queue's schema and the workers' threads. */
  @Setup(Level.Trial)
  public void createDatabase() {
    dataSource = BenchPostgres.freshDatabase("clouvel_burndown", threads + 2);
    queue = JdbcTaskQueue.builder(dataSource).migrate(true).build();
    pool = BurnDown.pool(threads);
  }

  /** Fills the table with {@value BurnDown#TASKS} due tasks. */
  @Setup(Level.Invocation)
  public void fill() {
    Sql.execute(dataSource, "TRUNCATE clouvel_tasks", "VACUUM ANALYZE clouvel_tasks");
    BurnDown.fill(queue, BurnDown.TASKS);
    Sql.execute(dataSource, "VACUUM ANALYZE clouvel_tasks");
  }

  /** Claims and completes every task. */
  @Benchmark
  @OperationsPerInvocation(BurnDown.TASKS)
  public long burnDown() {
    return BurnDown.run(queue, pool, threads, batch);
  }

  /** Checks that every task succeeded exactly once. */
  @TearDown(Level.Invocation)
  public void check() {
    BurnDown.checkAllSucceeded(dataSource);
  }

  /** Closes the queue, the threads and the pool. */
  @TearDown(Level.Trial)
  public void close() {
    pool.shutdownNow();
    queue.close();
    dataSource.close();
  }
}
