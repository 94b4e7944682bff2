package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A worker in a separate JVM claims tasks under a 2 s lease and is killed mid-task: within the
 * lease plus 5 s every one of its tasks runs again on a worker in this JVM and completes; none is
 * lost and none completes twice.
 */
class PostgresQueueCrashIT {
  static final Duration LEASE = Duration.ofSeconds(2);

  @Test
  void tasks_of_a_killed_worker_process_run_again_within_the_lease_and_complete_once() throws Exception {
    PGSimpleDataSource ds = (PGSimpleDataSource) TestDatabases.freshPostgres();
    try (JdbcTaskQueue queue = JdbcTaskQueue.builder(ds).migrate(true).build()) {
      List<TaskId> ids = queue.enqueueAll(IntStream.range(0, 20)
          .mapToObj(i -> TaskSpec.of("CROSS_POST", "{\"n\":" + i + "}")).toList());
      String url = "jdbc:postgresql://localhost:" + TestDatabases.postgres().getPort() + "/" + ds.getDatabaseName()
          + "?user=postgres";
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          CrashingWorkerMain.class.getName(), url, "doomed-worker", Long.toString(LEASE.toMillis()), "8")
          .redirectErrorStream(true)
          .start();
      Set<TaskId> held;
      try {
        held = readHeld(child);
        assertThat(held).hasSize(8);
        assertThat(queue.find(held.iterator().next()).orElseThrow().lockedBy()).isEqualTo("doomed-worker");
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killedAt = System.nanoTime();

      Map<TaskId, Integer> completions = new HashMap<>();
      Map<TaskId, Long> reclaimedAfterMillis = new HashMap<>();
      long deadline = killedAt + LEASE.plusSeconds(5).toNanos();
      while (completions.size() < ids.size() && System.nanoTime() < deadline) {
        List<ClaimedTask> batch = queue.claim("survivor", 10, Duration.ofSeconds(30));
        if (batch.isEmpty()) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // the crashed worker's leases are still running
          continue;
        }
        for (ClaimedTask c : batch) {
          if (held.contains(c.id())) {
            reclaimedAfterMillis.put(c.id(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            assertThat(c.attempt()).as("the crashed attempt counts").isEqualTo(2);
          }
          queue.complete(c);
          completions.merge(c.id(), 1, Integer::sum);
        }
      }

      assertThat(reclaimedAfterMillis.keySet()).as("every task of the killed worker ran again").isEqualTo(held);
      assertThat(completions.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(completions.values()).allMatch(n -> n == 1);
      assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(ids.size());
      System.out.println("Tasks of the killed worker ran again after (ms since kill): " + reclaimedAfterMillis.values());
    }
  }

  private static Set<TaskId> readHeld(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      if (line.startsWith("HOLDING ")) {
        return Arrays.stream(line.substring(8).split(",")).map(s -> new TaskId(Long.parseLong(s.strip())))
            .collect(Collectors.toSet());
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("The worker process never said what it holds; its output:\n" + seen);
  }
}
