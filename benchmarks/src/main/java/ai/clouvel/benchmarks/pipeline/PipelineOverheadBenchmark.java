package ai.clouvel.benchmarks.pipeline;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.pipeline.Pipeline;
import ai.clouvel.sdk.pipeline.RunResult;
import ai.clouvel.sdk.pipeline.RunStore;
import ai.clouvel.sdk.pipeline.SponsoredPost;
import ai.clouvel.sdk.queue.InMemoryTaskQueue;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.queue.TaskQueue;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pipeline's own cost: one whole run of a sponsored post (enqueue, claim, discover, generate,
 * check, list, publish, record, complete, with a checkpoint after every stage) with providers that
 * do no work ({@link NoopProviders}). {@code store=memory} keeps the queue and the run checkpoints
 * in memory; {@code store=h2} keeps both in an H2 file database. Each iteration starts with new
 * stores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class PipelineOverheadBenchmark {
  /** Where the queue and the checkpoints live. */
  @Param({"memory", "h2"})
  public String store;

  private Clouvel clouvel;
  private Stores stores;
  private Pipeline pipeline;
  private long commissions;

  /** The SDK with the no-op providers. */
  @Setup(Level.Trial)
  public void sdk() {
    clouvel = Clouvel.builder()
        .trendSource(new NoopProviders.Trends())
        .contentGenerator(new NoopProviders.Generator())
        .commerceProvider(new NoopProviders.Shop())
        .publisher(new NoopProviders.Social())
        .build();
  }

  /** New, empty stores and a pipeline over them. */
  @Setup(Level.Iteration)
  public void stores() throws Exception {
    stores = Stores.open(store);
    pipeline = Pipeline.builder(clouvel)
        .queue(stores.queue())
        .runStore(stores.runs())
        .communities(List.of(NoopProviders.COMMUNITY))
        .discoveryWhenIdle(false)
        .build();
  }

  /** Enqueues one sponsored post and runs it to the end. */
  @Benchmark
  public RunResult run() {
    pipeline.enqueue(SponsoredPost.of("c" + (++commissions), NoopProviders.COMMUNITY, ""));
    RunResult result = pipeline.runOnce().orElseThrow();
    if (!result.succeeded()) {
      throw new IllegalStateException("The run failed: " + result);
    }
    return result;
  }

  /** Closes the pipeline and the stores. */
  @TearDown(Level.Iteration)
  public void closeStores() throws Exception {
    pipeline.close();
    stores.close();
  }

  /** Closes the SDK. */
  @TearDown(Level.Trial)
  public void closeSdk() {
    clouvel.close();
  }

  /** A queue and a run store, and what to close after them. */
  record Stores(TaskQueue queue, RunStore runs, AutoCloseable resources) implements AutoCloseable {
    static Stores open(String kind) throws Exception {
      if (kind.equals("memory")) {
        return new Stores(InMemoryTaskQueue.create(), RunStore.inMemory(), () -> { });
      }
      if (kind.equals("h2")) {
        Path dir = Files.createTempDirectory("clouvel-pipeline-bench");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("clouvel").toAbsolutePath() + "");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        return new Stores(JdbcTaskQueue.builder(dataSource).migrate(true).build(), RunStore.jdbc(dataSource), () -> {
          dataSource.close(); // the last connection closed closes the database
          try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(f);
            }
          }
        });
      }
      throw new IllegalArgumentException("Unknown store '" + kind + "'; known: memory, h2");
    }

    @Override
    public void close() throws Exception {
      queue.close();
      runs.close();
      resources.close();
    }
  }
}
