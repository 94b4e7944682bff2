package ai.clouvel.benchmarks.jdbc;

import ai.clouvel.benchmarks.support.BenchPostgres;
import ai.clouvel.benchmarks.support.Sql;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskSpec;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link JdbcTaskQueue} on PostgreSQL: {@code enqueueAll} of {@value #BATCH} no-op tasks per call
 * (one JDBC batch, one transaction, one commit flushed to disk) from one thread; the score is tasks
 * per second. Each iteration starts from an empty, vacuumed table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
public class PostgresEnqueueBenchmark {
  /** Tasks per {@code enqueueAll} call. */
  public static final int BATCH = 100;

  private final List<TaskSpec> specs = Collections.nCopies(BATCH, TaskSpec.of(BurnDown.TYPE, BurnDown.PAYLOAD));
  private HikariDataSource dataSource;
  private JdbcTaskQueue queue;

  /** Creates the database and the queue's schema. */
  @Setup(Level.Trial)
  public void createDatabase() {
    dataSource = BenchPostgres.freshDatabase("clouvel_enqueue", 2);
    queue = JdbcTaskQueue.builder(dataSource).migrate(true).build();
  }

  /** Empties the table. */
  @Setup(Level.Iteration)
  public void empty() {
    Sql.execute(dataSource, "TRUNCATE clouvel_tasks", "VACUUM ANALYZE clouvel_tasks");
  }

  /** Enqueues one batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<TaskId> enqueueAll() {
    return queue.enqueueAll(specs);
  }

  /** Closes the queue and the pool. */
  @TearDown(Level.Trial)
  public void close() {
    queue.close();
    dataSource.close();
  }
}
