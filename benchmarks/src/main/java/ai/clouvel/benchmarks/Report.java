package ai.clouvel.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Prints one table from JMH result files: every figure, the peer's figure beside ours, their
 * ratio, the target and whether it was met.
 *
 * <pre>
 * java -cp benchmarks.jar ai.clouvel.benchmarks.Report [--markdown] [--merge out.json] results.json...
 * </pre>
 *
 * With {@code --merge}, the result files are first combined into one JSON array at {@code out.json}.
 * A figure whose benchmark is missing from the results shows as {@code n/a}.
 */
public final class Report {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PKG = "ai.clouvel.benchmarks.";

  /** How a JMH score becomes the figure we show. */
  enum Unit {
    /** Throughput in ops/s, shown as it is. */
    PER_SECOND("ops/s"),
    /** Throughput in tasks/s, shown as it is. */
    TASKS_PER_SECOND("tasks/s"),
    /** Time per task in microseconds (single-shot burn-downs), shown as tasks per second. */
    MICROS_TO_PER_SECOND("tasks/s"),
    /** Microseconds, shown as they are. */
    MICROS("us"),
    /** Milliseconds, shown as they are. */
    MILLIS("ms"),
    /** Bytes, shown as they are. */
    BYTES("B");

    final String label;

    Unit(String label) {
      this.label = label;
    }

    double convert(double score) {
      return this == MICROS_TO_PER_SECOND ? 1_000_000.0 / score : score;
    }
  }

  /** Where a figure is in the results: benchmark method, parameters, and which number of it. */
  record Metric(String benchmark, Map<String, String> params, String secondary, String percentile, Unit unit,
      String label) {
    static Metric of(String benchmark, Map<String, String> params, Unit unit, String label) {
      return new Metric(benchmark, params, null, null, unit, label);
    }

    Metric secondary(String name) {
      return new Metric(benchmark, params, name, null, unit, label);
    }

    Metric percentile(String p) {
      return new Metric(benchmark, params, null, p, unit, label);
    }

    Optional<Double> find(List<JsonNode> results) {
      for (JsonNode r : results) {
        if (!r.path("benchmark").asText().equals(PKG + benchmark)) {
          continue;
        }
        boolean match = true;
        for (Map.Entry<String, String> p : params.entrySet()) {
          match &= p.getValue().equals(r.path("params").path(p.getKey()).asText(null));
        }
        if (!match) {
          continue;
        }
        JsonNode m = secondary != null ? r.path("secondaryMetrics").path(secondary) : r.path("primaryMetric");
        JsonNode score = percentile != null ? m.path("scorePercentiles").path(percentile) : m.path("score");
        if (score.isNumber()) {
          return Optional.of(unit.convert(score.asDouble()));
        }
      }
      return Optional.empty();
    }
  }

  /** A target: a ratio of ours to the peer, or a bound on our figure. */
  record Target(String kind, double value) {
    static Target ratioAtLeast(double x) {
      return new Target("ratio>=", x);
    }

    static Target atLeast(double v) {
      return new Target(">=", v);
    }

    static Target below(double v) {
      return new Target("<", v);
    }

    static Target atMost(double v) {
      return new Target("<=", v);
    }

    static Target none() {
      return new Target("", 0);
    }

    Optional<Boolean> met(Optional<Double> ours, Optional<Double> ratio) {
      return switch (kind) {
        case "ratio>=" -> ratio.map(r -> r >= value);
        case ">=" -> ours.map(o -> o >= value);
        case "<" -> ours.map(o -> o < value);
        case "<=" -> ours.map(o -> o <= value);
        default -> Optional.empty();
      };
    }

    String describe(Unit unit) {
      return switch (kind) {
        case "ratio>=" -> ">= " + trim(value) + "x";
        case "" -> "-";
        default -> kind + " " + number(value) + " " + unit.label;
      };
    }
  }

  /** One line of the table. */
  record Row(String figure, Metric ours, Metric peer, Target target) {}

  private Report() {}

  /** The table's rows, in the order of the benchmarks document. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    String mem = "queue.InMemoryQueueBenchmark.";
    String jdk = "queue.JdkQueueBenchmark.";
    for (String resident : List.of("1000", "100000")) {
      Map<String, String> p = Map.of("resident", resident);
      String n = resident.equals("1000") ? "1k" : "100k";
      rows.add(new Row("In-memory cycle, 1 thread, " + n + " resident",
          Metric.of(mem + "single", p, Unit.PER_SECOND, "ours"),
          Metric.of(jdk + "pbqSingle", p, Unit.PER_SECOND, "PriorityBlockingQueue"), Target.ratioAtLeast(0.5)));
      rows.add(new Row("In-memory cycle, 1 thread, " + n + " resident",
          Metric.of(mem + "single", p, Unit.PER_SECOND, "ours"),
          Metric.of(jdk + "delaySingle", p, Unit.PER_SECOND, "DelayQueue"), Target.none()));
      rows.add(new Row("In-memory cycle, 2+2 threads, " + n + " resident",
          Metric.of(mem + "queue2x2", p, Unit.PER_SECOND, "ours").secondary("consume"),
          Metric.of(jdk + "pbq2x2", p, Unit.PER_SECOND, "PriorityBlockingQueue").secondary("pbqConsume"),
          Target.ratioAtLeast(1.0)));
      rows.add(new Row("In-memory cycle, 2+2 threads, " + n + " resident",
          Metric.of(mem + "queue2x2", p, Unit.PER_SECOND, "ours").secondary("consume"),
          Metric.of(jdk + "delay2x2", p, Unit.PER_SECOND, "DelayQueue").secondary("delayConsume"), Target.none()));
    }
    String pg = "jdbc.PostgresBurnDownBenchmark.burnDown";
    String peer = "jdbc.DbSchedulerBurnDownBenchmark.burnDown";
    Metric dbScheduler = Metric.of(peer, Map.of("threads", "4"), Unit.MICROS_TO_PER_SECOND, "db-scheduler");
    Metric dbScheduler8 = Metric.of(peer, Map.of("threads", "8"), Unit.MICROS_TO_PER_SECOND, "db-scheduler");
    BiFunction<Integer, Integer, Metric> ours = (batch, threads) -> Metric.of(pg,
        Map.of("batch", batch.toString(), "threads", threads.toString()), Unit.MICROS_TO_PER_SECOND, "ours, batch " + batch);
    Metric batch1 = ours.apply(1, 4);
    Metric batch100 = ours.apply(100, 4);
    rows.add(new Row("PostgreSQL burn-down 100k, claim batch 1, 4 workers", batch1, dbScheduler,
        Target.atLeast(5_000)));
    rows.add(new Row("PostgreSQL burn-down 100k, claim batch 1, 8 workers", ours.apply(1, 8), dbScheduler8,
        Target.atLeast(5_000)));
    rows.add(new Row("PostgreSQL burn-down 100k, claim batch 10, 4 workers", ours.apply(10, 4), dbScheduler,
        Target.none()));
    rows.add(new Row("PostgreSQL burn-down 100k, claim batch 100, 4 workers", batch100, dbScheduler,
        Target.ratioAtLeast(3)));
    rows.add(new Row("PostgreSQL burn-down 100k, claim batch 100, 4 workers", batch100, null, Target.atLeast(20_000)));
    rows.add(new Row("PostgreSQL batched vs un-batched claim, 4 workers", batch100, batch1, Target.ratioAtLeast(4)));
    rows.add(new Row("PostgreSQL burn-down 100k, claim batch 10, 8 workers", ours.apply(10, 8), dbScheduler8,
        Target.none()));
    rows.add(new Row("PostgreSQL burn-down 100k, claim batch 100, 8 workers", ours.apply(100, 8), dbScheduler8,
        Target.none()));
    rows.add(new Row("PostgreSQL burn-down 100k, TaskWorker (concurrency 16)",
        Metric.of("jdbc.PostgresWorkerBurnDownBenchmark.burnDown", Map.of(), Unit.MICROS_TO_PER_SECOND,
            "ours, TaskWorker"), dbScheduler, Target.none()));
    rows.add(new Row("PostgreSQL enqueueAll, batches of 100",
        Metric.of("jdbc.PostgresEnqueueBenchmark.enqueueAll", Map.of(), Unit.TASKS_PER_SECOND, "ours"), null,
        Target.atLeast(50_000)));
    Metric pickup = Metric.of("jdbc.PostgresPickupLatencyBenchmark.pickup", Map.of(), Unit.MILLIS, "ours");
    rows.add(new Row("PostgreSQL pickup latency p50 (LISTEN/NOTIFY)", pickup.percentile("50.0"), null,
        Target.below(5)));
    rows.add(new Row("PostgreSQL pickup latency p99 (LISTEN/NOTIFY)", pickup.percentile("99.0"), null,
        Target.below(25)));
    rows.add(new Row("H2 file claim + complete, batch 1",
        Metric.of("jdbc.H2BurnDownBenchmark.burnDown", Map.of("batch", "1"), Unit.MICROS_TO_PER_SECOND, "ours"),
        null, Target.atLeast(5_000)));
    rows.add(new Row("H2 file claim + complete, batch 100",
        Metric.of("jdbc.H2BurnDownBenchmark.burnDown", Map.of("batch", "100"), Unit.MICROS_TO_PER_SECOND, "ours"),
        null, Target.none()));
    String pipeline = "pipeline.PipelineOverheadBenchmark.run";
    rows.add(new Row("Pipeline run, no-op providers, in-memory stores",
        Metric.of(pipeline, Map.of("store", "memory"), Unit.MICROS, "ours"), null, Target.below(100)));
    rows.add(new Row("Pipeline run, no-op providers, H2 file stores",
        Metric.of(pipeline, Map.of("store", "h2"), Unit.MICROS, "ours"), null, Target.none()));
    Metric footprint = Metric.of("memory.QueueFootprintBenchmark.queuedTasks", Map.of(), Unit.BYTES, "ours");
    rows.add(new Row("Heap per queued in-memory task (JOL), 1M tasks", footprint.secondary("bytesPerTaskJol"),
        null, Target.atMost(300)));
    rows.add(new Row("Heap per queued in-memory task (heap after GC), 1M tasks",
        footprint.secondary("bytesPerTaskHeap"), null, Target.atMost(300)));
    return rows;
  }

  /**
   * Prints the table.
   *
   * @param args {@code [--markdown] [--merge out.json] results.json...}
   */
  public static void main(String[] args) throws IOException {
    boolean markdown = false;
    Path merged = null;
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--markdown" -> markdown = true;
        case "--merge" -> merged = Path.of(args[++i]);
        default -> inputs.add(Path.of(args[i]));
      }
    }
    if (inputs.isEmpty()) {
      System.err.println("Usage: Report [--markdown] [--merge out.json] results.json...");
      System.exit(2);
    }
    ArrayNode all = JSON.createArrayNode();
    for (Path in : inputs) {
      if (Files.size(in) == 0) {
        continue;
      }
      JsonNode node = JSON.readTree(in.toFile());
      node.forEach(all::add);
    }
    if (merged != null) {
      JSON.writeValue(merged.toFile(), all);
    }
    List<JsonNode> results = new ArrayList<>();
    all.forEach(results::add);
    System.out.print(table(rows(), results, markdown));
  }

  static String table(List<Row> rows, List<JsonNode> results, boolean markdown) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"Figure", "Ours", "Peer", "Peer figure", "Ratio", "Target", "Result"});
    for (Row row : rows) {
      Optional<Double> ours = row.ours().find(results);
      Optional<Double> peer = row.peer() == null ? Optional.empty() : row.peer().find(results);
      Optional<Double> ratio = ours.flatMap(o -> peer.map(p -> o / p));
      Optional<Boolean> met = row.target().met(ours, ratio);
      String unit = " " + row.ours().unit().label;
      lines.add(new String[] {
          row.figure(),
          ours.map(o -> number(o) + unit).orElse("n/a"),
          row.peer() == null ? "-" : row.peer().label(),
          row.peer() == null ? "-" : peer.map(p -> number(p) + unit).orElse("n/a"),
          ratio.map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse("-"),
          row.target().describe(row.ours().unit()),
          row.target().kind().isEmpty() ? "-" : met.map(m -> m ? "pass" : "MISS").orElse("n/a")});
    }
    StringBuilder out = new StringBuilder();
    if (markdown) {
      for (int i = 0; i < lines.size(); i++) {
        out.append("| ").append(String.join(" | ", lines.get(i))).append(" |\n");
        if (i == 0) {
          out.append("|---|---:|---|---:|---:|---|---|\n");
        }
      }
      return out.toString();
    }
    int[] widths = new int[lines.get(0).length];
    for (String[] line : lines) {
      for (int c = 0; c < line.length; c++) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      String[] line = lines.get(i);
      for (int c = 0; c < line.length; c++) {
        boolean right = c == 1 || c == 3 || c == 4;
        String cell = right ? pad(line[c], widths[c], true) : pad(line[c], widths[c], false);
        out.append(cell).append(c < line.length - 1 ? "  " : "\n");
      }
      if (i == 0) {
        int total = 0;
        for (int w : widths) {
          total += w + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
      }
    }
    return out.toString();
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }

  static String number(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
