package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two queue "nodes" on one PostgreSQL database, each with its own connection pool and eight
 * worker threads, half claiming one task at a time and half in batches (the two claim statements),
 * while a producer enqueues in batches: every task's handler runs exactly once and none is left
 * behind.
 */
class PostgresQueueContentionIT {
  static final int TASKS = 10_000;
  static final int THREADS_PER_NODE = 8;

  @Test
  void every_task_runs_exactly_once_across_two_nodes_and_sixteen_workers() throws Exception {
    PGSimpleDataSource database = (PGSimpleDataSource) TestDatabases.freshPostgres();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    long started;
    long elapsedMillis;
    try (HikariDataSource poolA = PostgresTaskQueueIT.pool(database, THREADS_PER_NODE + 2);
        HikariDataSource poolB = PostgresTaskQueueIT.pool(TestDatabases.postgresDataSource(database.getDatabaseName()),
            THREADS_PER_NODE + 2);
        JdbcTaskQueue nodeA = JdbcTaskQueue.builder(poolA).migrate(true).build();
        JdbcTaskQueue nodeB = JdbcTaskQueue.builder(poolB).migrate(true).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE + 1);
      try {
        started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        futures.add(pool.submit(() -> {
          for (int batch = 0; batch < 10; batch++) {
            int from = batch * (TASKS / 10);
            (batch % 2 == 0 ? nodeA : nodeB).enqueueAll(IntStream.range(from, from + TASKS / 10)
                .mapToObj(i -> TaskSpec.builder("FRONT_PICK").payload("{\"n\":" + i + "}").priority(i % 3).build())
                .toList());
          }
          return null;
        }));
        for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
          JdbcTaskQueue node = t % 2 == 0 ? nodeA : nodeB;
          String worker = (t % 2 == 0 ? "a-" : "b-") + t;
          int max = t % 4 < 2 ? 1 : 25;
          futures.add(pool.submit(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (completed.get() < TASKS && System.nanoTime() < deadline) {
              List<ClaimedTask> batch = node.claim(worker, max, Duration.ofSeconds(60));
              if (batch.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // nothing due yet: poll again
                continue;
              }
              for (ClaimedTask c : batch) {
                runs.computeIfAbsent(c.id().value(), id -> new AtomicInteger()).incrementAndGet(); // the "handler"
              }
              List<ClaimedTask> lostNow = node.completeAll(batch);
              lost.addAndGet(lostNow.size());
              completed.addAndGet(batch.size() - lostNow.size());
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(180, TimeUnit.SECONDS);
        }
        elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      } finally {
        pool.shutdownNow();
      }

      assertThat(lost).hasValue(0);
      assertThat(runs).hasSize(TASKS);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
      QueueStats stats = nodeB.stats();
      assertThat(stats.count(TaskStatus.SUCCEEDED)).isEqualTo(TASKS);
      assertThat(stats.count(TaskStatus.QUEUED) + stats.count(TaskStatus.RUNNING)).isZero();
      System.out.printf("%,d tasks enqueued, claimed and completed by 2 nodes x %d workers in %,d ms (%,d tasks/s)%n",
          TASKS, THREADS_PER_NODE, elapsedMillis, TASKS * 1000L / Math.max(1, elapsedMillis));
    }
  }
}
