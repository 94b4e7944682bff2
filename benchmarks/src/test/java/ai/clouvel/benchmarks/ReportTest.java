package ai.clouvel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> results(String json) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(json).forEach(out::add);
    return out;
  }

  private static String line(String table, String figure, String peer) {
    return table.lines().filter(l -> l.startsWith(figure) && l.contains(peer)).findFirst().orElseThrow();
  }

  @Test
  void shows_ours_beside_the_peer_with_ratio_and_verdict() throws Exception {
    List<JsonNode> results = results("""
        [ {"benchmark":"ai.clouvel.benchmarks.queue.InMemoryQueueBenchmark.single","params":{"resident":"1000"},
           "primaryMetric":{"score":600000.0}},
          {"benchmark":"ai.clouvel.benchmarks.queue.JdkQueueBenchmark.pbqSingle","params":{"resident":"1000"},
           "primaryMetric":{"score":2000000.0}} ]
        """);

    String table = Report.table(Report.rows(), results, false);

    String row = line(table, "In-memory cycle, 1 thread, 1k resident", "PriorityBlockingQueue");
    assertThat(row).contains("600,000 ops/s").contains("2,000,000 ops/s").contains("0.30x").contains("MISS");
  }

  @Test
  void turns_single_shot_time_per_task_into_tasks_per_second_for_each_worker_count() throws Exception {
    List<JsonNode> results = results("""
        [ {"benchmark":"ai.clouvel.benchmarks.jdbc.PostgresBurnDownBenchmark.burnDown",
           "params":{"batch":"100","threads":"4"},"primaryMetric":{"score":25.0}},
          {"benchmark":"ai.clouvel.benchmarks.jdbc.PostgresBurnDownBenchmark.burnDown",
           "params":{"batch":"1","threads":"8"},"primaryMetric":{"score":160.0}},
          {"benchmark":"ai.clouvel.benchmarks.jdbc.PostgresBurnDownBenchmark.burnDown",
           "params":{"batch":"100","threads":"8"},"primaryMetric":{"score":20.0}},
          {"benchmark":"ai.clouvel.benchmarks.jdbc.DbSchedulerBurnDownBenchmark.burnDown","params":{"threads":"8"},
           "primaryMetric":{"score":100.0}},
          {"benchmark":"ai.clouvel.benchmarks.jdbc.DbSchedulerBurnDownBenchmark.burnDown","params":{"threads":"4"},
           "primaryMetric":{"score":500.0}} ]
        """);

    String table = Report.table(Report.rows(), results, false);

    String row = line(table, "PostgreSQL burn-down 100k, claim batch 100, 4 workers", "db-scheduler");
    assertThat(row).contains("40,000 tasks/s").contains("2,000 tasks/s").contains("20.00x").contains("pass");
    row = line(table, "PostgreSQL burn-down 100k, claim batch 1, 8 workers", "db-scheduler");
    assertThat(row).contains("6,250 tasks/s").contains("10,000 tasks/s").contains("0.63x").contains("pass");
    row = line(table, "PostgreSQL burn-down 100k, claim batch 100, 8 workers", "db-scheduler");
    assertThat(row).contains("50,000 tasks/s").contains("10,000 tasks/s").contains("5.00x");
    assertThat(line(table, "PostgreSQL burn-down 100k, claim batch 1, 4 workers", "db-scheduler"))
        .contains("n/a").contains("2,000 tasks/s");
  }

  @Test
  void reads_percentiles_and_marks_missing_figures_not_available() throws Exception {
    List<JsonNode> results = results("""
        [ {"benchmark":"ai.clouvel.benchmarks.jdbc.PostgresPickupLatencyBenchmark.pickup","params":{},
           "primaryMetric":{"score":3.0,"scorePercentiles":{"50.0":2.5,"99.0":30.0}}} ]
        """);

    String table = Report.table(Report.rows(), results, false);

    assertThat(line(table, "PostgreSQL pickup latency p50", "-")).contains("2.50 ms").contains("pass");
    assertThat(line(table, "PostgreSQL pickup latency p99", "-")).contains("30.0 ms").contains("MISS");
    assertThat(line(table, "H2 file claim + complete, batch 1", "-")).contains("n/a");
  }
}
