package ai.clouvel.benchmarks.jdbc;

import ai.clouvel.benchmarks.support.Sql;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@link JdbcTaskQueue} on an embedded H2 file database: claim + complete throughput, as a burn-down
 * of {@value BurnDown#TASKS} pre-enqueued no-op tasks by {@code threads} workers claiming
 * {@code batch} at a time (same loop as {@link PostgresBurnDownBenchmark}). The score is time per
 * task (the report shows tasks per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class H2BurnDownBenchmark {
  /** Tasks claimed per {@code claim} call. */
  @Param({"1", "100"})
  public int batch;

  /** Worker threads. */
  @Param({"4"})
  public int threads;

  private Path dir;
  private HikariDataSource dataSource;
  private JdbcTaskQueue queue;
  private ExecutorService pool;

  /** Creates the database file and the queue's schema. */
  @Setup(Level.Trial)
  public void createDatabase() throws IOException {
    dir = Files.createTempDirectory("clouvel-h2-bench");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("clouvel").toAbsolutePath() + "");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(threads + 2);
    dataSource = new HikariDataSource(config);
    queue = JdbcTaskQueue.builder(dataSource).migrate(true).build();
    pool = BurnDown.pool(threads);
  }

  /** Fills the table with {@value BurnDown#TASKS} due tasks. */
  @Setup(Level.Invocation)
  public void fill() {
    Sql.execute(dataSource, "TRUNCATE TABLE clouvel_tasks");
    BurnDown.fill(queue, BurnDown.TASKS);
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

  /** Closes everything and deletes the database file. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    pool.shutdownNow();
    queue.close();
    dataSource.close(); // the last connection closed closes the database
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
