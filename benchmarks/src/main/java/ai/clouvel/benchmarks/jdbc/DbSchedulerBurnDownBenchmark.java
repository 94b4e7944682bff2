package ai.clouvel.benchmarks.jdbc;

import ai.clouvel.benchmarks.support.BenchPostgres;
import ai.clouvel.benchmarks.support.Resources;
import ai.clouvel.benchmarks.support.Sql;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
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
 * The peer of {@link PostgresBurnDownBenchmark}: db-scheduler runs the same number of no-op
 * one-time tasks, all due, on the same PostgreSQL server in the same JMH run, with its
 * recommended high-throughput PostgreSQL set-up: {@code pollUsingLockAndFetch(1.0, 4.0)} (one
 * {@code UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING} fetches up to four executions per thread)
 * and the same number of executor threads as our workers. Its table comes from its published
 * PostgreSQL DDL. One invocation starts the scheduler and ends when every execution has been
 * completed (deleted) and reported through its listener; the score is time per task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class DbSchedulerBurnDownBenchmark {
  /** Tasks per burn-down; the score divides the time by this. */
  public static final int TASKS = BurnDown.TASKS;

  /** Executor threads, as many as our queue's worker threads (4 and 8). */
  @Param({"4", "8"})
  public int threads;

  private HikariDataSource dataSource;
  private final OneTimeTask<Void> noop = Tasks.oneTime("bench-noop").execute((instance, ctx) -> { });
  private Scheduler scheduler;
  private CountDownLatch done;
  private final AtomicLong failures = new AtomicLong();

  /** Creates the database and db-scheduler's table. */
  @Setup(Level.Trial)
  public void createDatabase() {
    dataSource = BenchPostgres.freshDatabase("dbscheduler", threads + 4);
    Sql.execute(dataSource, Resources.statements("db-scheduler-postgresql.sql"));
  }

  /** Schedules {@link #TASKS} due executions with db-scheduler's batch insert (not measured). */
  @Setup(Level.Invocation)
  public void schedule() {
    Sql.execute(dataSource, "TRUNCATE scheduled_tasks", "VACUUM ANALYZE scheduled_tasks");
    SchedulerClient client = SchedulerClient.Builder.create(dataSource, noop).build();
    Instant due = Instant.now().minusSeconds(1);
    client.scheduleBatch(
        IntStream.range(0, TASKS).<TaskInstance<?>>mapToObj(i -> noop.instance("t" + i)), due);
    Sql.execute(dataSource, "VACUUM ANALYZE scheduled_tasks");
    done = new CountDownLatch(TASKS);
    failures.set(0);
    scheduler = Scheduler.create(dataSource, noop)
        .threads(threads)
        .pollUsingLockAndFetch(1.0, 4.0)
        .pollingInterval(Duration.ofSeconds(1))
        .schedulerName(new SchedulerName.Fixed("bench"))
        .addSchedulerListener(new AbstractSchedulerListener() {
          @Override
          public void onExecutionComplete(ExecutionComplete complete) {
            if (complete.getResult() != ExecutionComplete.Result.OK) {
              failures.incrementAndGet();
            }
            done.countDown();
          }
        })
        .build();
  }

  /** Runs every scheduled execution. */
  @Benchmark
  @OperationsPerInvocation(BurnDown.TASKS)
  public void burnDown() throws InterruptedException {
    scheduler.start();
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("db-scheduler left " + done.getCount() + " executions");
    }
  }

  /** Stops the scheduler and checks that every execution ran once and is gone. */
  @TearDown(Level.Invocation)
  public void stop() {
    scheduler.stop();
    long left = Sql.queryLong(dataSource, "SELECT COUNT(*) FROM scheduled_tasks");
    if (left != 0 || failures.get() != 0) {
      throw new IllegalStateException(
          "db-scheduler burn-down incomplete: " + left + " rows left, " + failures.get() + " failures");
    }
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void close() {
    dataSource.close();
  }
}
