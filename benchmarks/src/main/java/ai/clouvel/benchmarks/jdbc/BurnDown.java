package ai.clouvel.benchmarks.jdbc;

import ai.clouvel.benchmarks.support.Sql;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.queue.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Burn-down of pre-enqueued no-op tasks through the {@link TaskQueue} API: {@code threads} workers
 * each loop {@code claim(batch)} then complete what they claimed ({@code complete} for one task,
 * {@code completeAll} for a batch) until a claim comes back empty.
 */
final class BurnDown {
  /** Tasks per burn-down. */
  static final int TASKS = 100_000;
  /** The no-op tasks' type. */
  static final String TYPE = "bench.noop";
  /** Every task's payload: the same tiny JSON object. */
  static final String PAYLOAD = "{}";
  /** Lease of every claim: far longer than a burn-down, so no lease runs out. */
  static final Duration LEASE = Duration.ofMinutes(10);

  private BurnDown() {}

  /** Enqueues {@code count} due no-op tasks in batches of 1,000. */
  static void fill(TaskQueue queue, int count) {
    TaskSpec spec = TaskSpec.of(TYPE, PAYLOAD);
    List<TaskSpec> chunk = new ArrayList<>(1000);
    for (int i = 0; i < count; i++) {
      chunk.add(spec);
      if (chunk.size() == 1000 || i == count - 1) {
        queue.enqueueAll(chunk);
        chunk.clear();
      }
    }
  }

  /**
   * Runs the workers until the queue has nothing due.
   *
   * @return how many tasks were completed
   */
  static long run(TaskQueue queue, ExecutorService pool, int threads, int batch) {
    List<Future<Long>> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      String name = "bench-worker-" + t;
      workers.add(pool.submit(() -> drain(queue, name, batch)));
    }
    long done = 0;
    try {
      for (Future<Long> worker : workers) {
        done += worker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A worker failed", e.getCause());
    }
    return done;
  }

  private static long drain(TaskQueue queue, String worker, int batch) {
    long done = 0;
    while (true) {
      List<ClaimedTask> claimed = queue.claim(worker, batch, LEASE);
      if (claimed.isEmpty()) {
        return done;
      }
      if (claimed.size() == 1) {
        queue.complete(claimed.get(0));
      } else {
        List<ClaimedTask> lost = queue.completeAll(claimed);
        if (!lost.isEmpty()) {
          throw new IllegalStateException(lost.size() + " leases lost during a burn-down");
        }
      }
      done += claimed.size();
    }
  }

  /** Throws unless every task in {@code clouvel_tasks} succeeded after exactly one attempt. */
  static void checkAllSucceeded(javax.sql.DataSource dataSource) {
    long wrong = Sql.queryLong(dataSource,
        "SELECT COUNT(*) FROM clouvel_tasks WHERE status <> 'SUCCEEDED' OR attempts <> 1");
    long all = Sql.queryLong(dataSource, "SELECT COUNT(*) FROM clouvel_tasks");
    if (wrong != 0 || all != TASKS) {
      throw new IllegalStateException("Burn-down incomplete: " + all + " tasks, " + wrong
          + " not succeeded after exactly one attempt");
    }
  }

  /** A pool of {@code threads} daemon worker threads. */
  static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-worker");
      t.setDaemon(true);
      return t;
    });
  }
}
