package ai.clouvel.sdk.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.ProductDraft;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.pipeline.Fakes.FakeTrendSource;
import ai.clouvel.sdk.pipeline.Fakes.RecordingCommerce;
import ai.clouvel.sdk.pipeline.Fakes.RecordingPublisher;
import ai.clouvel.sdk.pipeline.Fakes.ScriptedGenerator;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.queue.TaskStatus;
import ai.clouvel.sdk.testing.TestDatabases;
import ai.clouvel.sdk.worker.TaskWorker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pipeline nodes, each with its own queue, run store and task worker, on one PostgreSQL
 * database: every task runs once, no trend is picked twice, and every product and post is made
 * exactly once.
 */
class PipelinePostgresIT {
  private static final int TASKS = 30;

  @TempDir
  Path dir;

  @Test
  void two_nodes_share_the_work_and_never_repeat_a_trend_product_or_post() throws Exception {
    com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
    pool.setDataSource(TestDatabases.freshPostgres());
    pool.setMaximumPoolSize(16);
    com.zaxxer.hikari.HikariDataSource db = new com.zaxxer.hikari.HikariDataSource(pool);
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    List<Trend> trends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      trends.add(Fakes.trend("t" + i, i % 2 == 0 ? "java" : "coffee", 100 + i, i, Duration.ofMinutes(10 + i), now,
          false));
    }
    // The remote side: one trend source, one shop and one platform that both nodes call.
    FakeTrendSource source = new FakeTrendSource(List.of("java", "coffee"), trends);
    RecordingCommerce shop = new RecordingCommerce(clock);
    RecordingPublisher reddit = new RecordingPublisher("reddit", PlatformRules.forPlatform("reddit"), clock);

    List<AutoCloseable> resources = new ArrayList<>();
    List<TaskWorker> workers = new ArrayList<>();
    TaskQueue first = null;
    try {
      for (int node = 0; node < 2; node++) {
        TaskQueue queue = JdbcTaskQueue.builder(db).clock(clock).migrate(true).build();
        RunStore runs = RunStore.jdbc(db);
        Clouvel clouvel = Clouvel.builder().clock(clock).trendSource(source).contentGenerator(new ScriptedGenerator())
            .commerceProvider(shop).publisher(reddit).build();
        Pipeline pipeline = clouvel.pipeline().queue(queue).runStore(runs)
            .assetStore(ai.clouvel.sdk.assets.AssetStore.localDirectory(dir.resolve("node" + node)))
            .communities(List.of("java", "coffee")).random(new Random(node)).build();
        TaskWorker.Builder worker = TaskWorker.builder(queue).name("node-" + node).concurrency(4)
            .pollInterval(Duration.ofMillis(10), Duration.ofMillis(100));
        pipeline.handlers().forEach(worker::handler);
        resources.addAll(List.of(queue, runs, clouvel, pipeline));
        workers.add(worker.build());
        if (first == null) {
          first = queue;
        }
      }
      for (int i = 0; i < TASKS; i++) {
        first.enqueue(ai.clouvel.sdk.queue.TaskSpec.of(TaskTypes.FRONT_PICK, "{}"));
      }
      workers.forEach(TaskWorker::start);
      TaskQueue queue = first;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long started = System.nanoTime();
      while (queue.stats().count(TaskStatus.SUCCEEDED) + queue.stats().count(TaskStatus.DEAD) < TASKS) {
        assertThat(System.nanoTime()).as("all tasks finish within a minute").isLessThan(deadline);
        workers.get(0).drain(Duration.ofSeconds(5));
      }

      System.out.printf("%d pipeline tasks on two nodes in %d ms%n", TASKS, (System.nanoTime() - started) / 1_000_000);
      assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(TASKS);
      List<Run> runs = RunStore.jdbc(db).list("default", 1000);
      assertThat(runs).hasSize(TASKS).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
      assertThat(reddit.posts).hasSize(TASKS);
      assertThat(reddit.posts).extracting(Post::idempotencyKey).doesNotHaveDuplicates();
      assertThat(shop.drafts).hasSize(TASKS);
      assertThat(shop.drafts).extracting(ProductDraft::idempotencyKey).doesNotHaveDuplicates();
      List<String> picked = runs.stream()
          .map(r -> Pipeline.readPayload(r.checkpoint("discover").orElseThrow().output(), Trend.class).key())
          .toList();
      assertThat(picked).as("no trend is picked twice").doesNotHaveDuplicates().hasSize(TASKS);
      assertThat(reddit.posts).extracting(Post::community).containsOnly("java", "coffee");
    } finally {
      for (TaskWorker w : workers) {
        w.close();
      }
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).close();
      }
      db.close();
    }
  }
}
