package ai.clouvel.sdk.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.pipeline.Fakes.FakeTrendSource;
import ai.clouvel.sdk.pipeline.Fakes.RecordingCommerce;
import ai.clouvel.sdk.pipeline.Fakes.RecordingListener;
import ai.clouvel.sdk.pipeline.Fakes.RecordingPublisher;
import ai.clouvel.sdk.pipeline.Fakes.ScriptedGenerator;
import ai.clouvel.sdk.queue.InMemoryTaskQueue;
import ai.clouvel.sdk.queue.RetryPolicy;
import ai.clouvel.sdk.queue.Task;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskSpec;
import ai.clouvel.sdk.queue.TaskStatus;
import ai.clouvel.sdk.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  private static final List<String> ALL_STAGES = List.of(
      "discover:started", "discover:finished", "generate:started", "generate:finished", "check:started",
      "check:finished", "list:started", "list:finished", "publish:started", "publish:finished", "record:started",
      "record:finished");

  @TempDir
  Path dir;

  SettableClock clock = SettableClock.at("2026-11-21T12:00:00Z");
  InMemoryTaskQueue queue;
  FakeTrendSource trends;
  ScriptedGenerator generator = new ScriptedGenerator();
  RecordingCommerce shop = new RecordingCommerce(clock);
  RecordingPublisher reddit = new RecordingPublisher("reddit", PlatformRules.forPlatform("reddit"), clock);
  RecordingPublisher x = new RecordingPublisher("x", PlatformRules.forPlatform("x"), clock);
  RecordingListener listener = new RecordingListener();
  RunStore runs = RunStore.inMemory();
  Clouvel clouvel;

  @BeforeEach
  void setUp() {
    Instant now = clock.instant();
    trends = new FakeTrendSource(List.of("java", "coffee", "empty"), List.of(
        Fakes.trend("j1", "java", 900, 10, Duration.ofHours(2), now, false),
        Fakes.trend("j2", "java", 5000, 400, Duration.ofHours(3), now, false),
        Fakes.trend("j3", "java", 99_000, 900, Duration.ofHours(1), now, true),
        Fakes.trend("c1", "coffee", 300, 30, Duration.ofHours(1), now, false)));
    queue = InMemoryTaskQueue.builder().clock(clock)
        .retryPolicy(new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), 2.0, 0.0)).build();
    clouvel = Clouvel.builder().clock(clock).trendSource(trends).contentGenerator(generator)
        .commerceProvider(shop).publisher(reddit).publisher(x).build();
  }

  @AfterEach
  void tearDown() {
    queue.close();
    clouvel.close();
  }

  private Pipeline pipeline() {
    return pipeline(b -> {});
  }

  private Pipeline pipeline(Consumer<Pipeline.Builder> custom) {
    Pipeline.Builder b = clouvel.pipeline().queue(queue).runStore(runs)
        .assetStore(ai.clouvel.sdk.assets.AssetStore.localDirectory(dir.resolve("assets")))
        .communities(List.of("java", "coffee")).listener(listener).random(new Random(7));
    custom.accept(b);
    return b.build();
  }

  private RunResult runNext(Pipeline p) {
    return p.runOnce().orElseThrow(() -> new AssertionError("nothing ran"));
  }

  @Test
  void runs_every_stage_in_order_and_saves_each_checkpoint() throws Exception {
    try (Pipeline p = pipeline()) {
      TaskId id = p.enqueue(new SponsoredPost("pay_1", "java", "Make it about coffee", "Ada", List.of()));

      RunResult result = runNext(p);

      assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
      assertThat(result.taskId()).isEqualTo(id);
      assertThat(listener.trail()).containsExactlyElementsOf(ALL_STAGES);
      assertThat(listener.events).allSatisfy(e -> {
        assertThat(e.taskId()).isEqualTo(id);
        assertThat(e.commissionId()).isEqualTo("pay_1");
        assertThat(e.attempt()).isEqualTo(1);
      });
      Run run = runs.find(new RunId("default", id)).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.checkpoints()).extracting(Checkpoint::step).containsExactly("discover", "generate", "check",
          "list", "publish:reddit:java", "publish:x:java", "publish", "record");
      assertThat(run.checkpoints()).allMatch(Checkpoint::isDone);

      RunReport report = result.report();
      assertThat(report).isNotNull();
      // The best safe-for-work trend: j3 scores higher but is NSFW.
      assertThat(report.trend().id()).isEqualTo("j2");
      assertThat(report.commissionId()).isEqualTo("pay_1");
      assertThat(report.listing().productUrl()).hasToString("https://shop.example.com/p1");
      assertThat(report.publications()).extracting(pub -> pub.publisher()).containsExactly("reddit", "x");
      assertThat(report.timings()).containsOnlyKeys(Stage.DISCOVER, Stage.GENERATE, Stage.CHECK, Stage.LIST,
          Stage.PUBLISH);
      assertThat(generator.requests).singleElement().satisfies(r -> {
        assertThat(r.message()).isEqualTo("Make it about coffee");
        assertThat(r.attributes()).containsEntry("sponsor", "Ada");
        assertThat(r.platforms()).extracting(PlatformRules::platform).containsExactly("reddit", "x");
      });
      // Art is stored before the list stage and the product gets its lasting URL.
      assertThat(shop.drafts).singleElement().satisfies(d -> {
        assertThat(d.art().url()).isNotNull();
        assertThat(Path.of(d.art().url())).exists().startsWith(dir.resolve("assets"));
        assertThat(d.idempotencyKey()).isEqualTo("default:" + id + ":list:shop");
      });
      assertThat(reddit.posts).singleElement().satisfies(post -> {
        assertThat(post.community()).isEqualTo("java");
        assertThat(post.body()).endsWith("https://shop.example.com/p1?utm_source=clouvel");
        assertThat(post.idempotencyKey()).isEqualTo("default:" + id + ":publish:reddit:java");
      });
      assertThat(p.report(id)).contains(report);
    }
  }

  @Test
  void run_once_takes_paid_work_first_then_falls_back_to_a_discovery_pick() {
    try (Pipeline p = pipeline()) {
      TaskId tier = p.enqueue(new SubredditTierPost("coffee", "gold", null, List.of("reddit")));
      TaskId paid = p.enqueue(SponsoredPost.of("pay_2", "java", ""));

      assertThat(runNext(p).taskId()).isEqualTo(paid);
      assertThat(runNext(p).taskId()).isEqualTo(tier);
      RunResult pick = runNext(p);

      assertThat(pick.taskType()).isEqualTo(TaskTypes.FRONT_PICK);
      assertThat(pick.succeeded()).as(String.valueOf(pick.error())).isTrue();
      // Both java trends and the coffee one are used or NSFW except j1: the pick finds what is left.
      assertThat(pick.report().trend().id()).isIn("j1");
      assertThat(runs.usedTrends("default", List.of("fake:j1", "fake:j2", "fake:c1", "fake:j3")))
          .containsExactlyInAnyOrder("fake:j1", "fake:j2", "fake:c1");
      // Nothing is left anywhere: the next pick fails clearly, without retries.
      RunResult empty = runNext(p);
      assertThat(empty.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(empty.error()).contains("no usable trend", "already used", "NSFW");
    }
  }

  @Test
  void run_once_without_discovery_returns_empty_when_nothing_is_due() {
    try (Pipeline p = pipeline(b -> b.discoveryWhenIdle(false))) {
      assertThat(p.runOnce()).isEmpty();
      assertThat(queue.stats().count(TaskStatus.QUEUED)).isZero();
    }
  }

  @Test
  void run_once_makes_no_discovery_pick_without_communities() {
    try (Pipeline p = pipeline(b -> b.communities(List.of()))) {
      assertThat(p.runOnce()).isEmpty();
      assertThat(queue.stats().count(TaskStatus.QUEUED) + queue.stats().count(TaskStatus.DEAD)).isZero();
    }
  }

  @Test
  void a_retried_task_resumes_after_its_last_finished_stage() {
    x.failBeforePosting.set(1);
    try (Pipeline p = pipeline()) {
      TaskId id = p.enqueue(SponsoredPost.of("pay_3", "java", ""));

      RunResult first = runNext(p);
      assertThat(first.status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(first.error()).contains("publish", "the platform is down");
      clock.advance(Duration.ofSeconds(11));
      RunResult second = runNext(p);

      assertThat(second.succeeded()).as(String.valueOf(second.error())).isTrue();
      assertThat(second.taskId()).isEqualTo(id);
      assertThat(listener.trail(id.value())).containsExactly(
          "discover:started", "discover:finished", "generate:started", "generate:finished", "check:started",
          "check:finished", "list:started", "list:finished", "publish:started", "publish:failed",
          "discover:skipped", "generate:skipped", "check:skipped", "list:skipped", "publish:started",
          "publish:finished", "record:started", "record:finished");
      assertThat(generator.requests).hasSize(1);
      assertThat(shop.drafts).hasSize(1);
      assertThat(trends.calls).hasValue(1);
      // reddit was posted in the first attempt and is not posted again.
      assertThat(reddit.posts).hasSize(1);
      assertThat(x.posts).hasSize(1);
      assertThat(listener.events.get(10).attempt()).isEqualTo(2);
    }
  }

  @Test
  void a_retry_after_dying_before_the_discover_checkpoint_keeps_the_trend_it_took() {
    RunStore inner = runs;
    java.util.concurrent.atomic.AtomicBoolean failOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
    runs = new RunStore() {
      @Override
      public Run begin(RunId id, String taskType, String commissionId, Instant at) {
        return inner.begin(id, taskType, commissionId, at);
      }

      @Override
      public Optional<Run> find(RunId id) {
        return inner.find(id);
      }

      @Override
      public void attempted(RunId id, String step, Instant at) {
        inner.attempted(id, step, at);
      }

      @Override
      public void done(RunId id, String step, String output, Duration elapsed, Instant at) {
        if (step.equals("discover") && failOnce.getAndSet(false)) {
          throw new ai.clouvel.sdk.exception.ClouvelException("database went away", null, true);
        }
        inner.done(id, step, output, elapsed, at);
      }

      @Override
      public void finish(RunId id, RunStatus status, String error, Instant at) {
        inner.finish(id, status, error, at);
      }

      @Override
      public List<Run> list(String accountId, int limit) {
        return inner.list(accountId, limit);
      }

      @Override
      public boolean useTrend(String accountId, String trendKey, TaskId by, Instant at) {
        return inner.useTrend(accountId, trendKey, by, at);
      }

      @Override
      public java.util.Set<String> usedTrends(String accountId, java.util.Collection<String> trendKeys) {
        return inner.usedTrends(accountId, trendKeys);
      }

      @Override
      public void close() {
        inner.close();
      }
    };
    try (Pipeline p = pipeline()) {
      p.enqueue(SponsoredPost.of("pay_23", "java", ""));
      assertThat(runNext(p).status()).isEqualTo(TaskStatus.QUEUED);
      clock.advance(Duration.ofSeconds(11));

      RunResult retried = runNext(p);

      assertThat(retried.succeeded()).as(String.valueOf(retried.error())).isTrue();
      assertThat(retried.report().trend().id()).isEqualTo("j2");
      assertThat(inner.usedTrends("default", List.of("fake:j1", "fake:j2"))).containsExactly("fake:j2");
    }
  }

  @Test
  void a_publish_whose_answer_was_lost_is_found_not_repeated() {
    x.crashAfterPosting.set(1);
    try (Pipeline p = pipeline()) {
      TaskId id = p.enqueue(SponsoredPost.of("pay_4", "java", ""));

      RunResult first = runNext(p);
      assertThat(first.status()).as("an unknown outcome is retried, reconciling first").isEqualTo(TaskStatus.QUEUED);
      Run afterCrash = runs.find(new RunId("default", id)).orElseThrow();
      assertThat(afterCrash.checkpoint("publish:x:java").orElseThrow().state()).isEqualTo(Checkpoint.State.ATTEMPTED);
      clock.advance(Duration.ofSeconds(11));
      RunResult second = runNext(p);

      assertThat(second.succeeded()).isTrue();
      assertThat(x.postsWithKey("default:" + id + ":publish:x:java")).isEqualTo(1);
      assertThat(x.finds).hasSize(1);
      assertThat(second.report().publications()).extracting(pub -> pub.postId()).contains("x-1");
      // Stages skipped on the retry report the time their first attempt took, as saved.
      Run finished = runs.find(new RunId("default", id)).orElseThrow();
      for (Stage stage : List.of(Stage.DISCOVER, Stage.GENERATE, Stage.CHECK, Stage.LIST, Stage.PUBLISH)) {
        assertThat(second.report().timings())
            .containsEntry(stage, finished.checkpoint(stage.id()).orElseThrow().elapsed());
      }
      assertThat(second.report().timings()).doesNotContainKey(Stage.RECORD);
      assertThat(p.report(id)).contains(second.report());
    }
  }

  @Test
  void a_publish_that_cannot_be_found_is_sent_again_with_the_same_idempotency_key() {
    x.crashAfterPosting.set(1);
    x.searchable = false;
    try (Pipeline p = pipeline()) {
      TaskId id = p.enqueue(SponsoredPost.of("pay_5", "java", ""));
      runNext(p);
      clock.advance(Duration.ofSeconds(11));
      assertThat(runNext(p).succeeded()).isTrue();

      // A platform that neither dedupes nor can be searched is the one case of two calls; both carry one key.
      assertThat(x.posts).extracting(post -> post.idempotencyKey()).containsOnly("default:" + id + ":publish:x:java");
      assertThat(x.finds).hasSize(1);
      assertThat(reddit.posts).hasSize(1);
    }
  }

  @Test
  void a_failing_stage_is_retried_with_backoff_and_ends_dead_with_the_error_kept() {
    shop.failures.set(100);
    try (Pipeline p = pipeline(b -> b.discoveryWhenIdle(false))) {
      TaskId id = p.queue().enqueue(p.taskSpec(SponsoredPost.of("pay_6", "java", "")).maxAttempts(3).build());

      assertThat(runNext(p).status()).isEqualTo(TaskStatus.QUEUED);
      Task afterFirst = queue.find(id).orElseThrow();
      assertThat(afterFirst.runAt()).isEqualTo(clock.instant().plusSeconds(10));
      clock.advance(Duration.ofSeconds(9));
      assertThat(p.runOnce()).as("not due before the backoff").isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(runNext(p).status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(queue.find(id).orElseThrow().runAt()).isEqualTo(clock.instant().plusSeconds(20));
      clock.advance(Duration.ofSeconds(20));
      RunResult last = runNext(p);

      assertThat(last.status()).isEqualTo(TaskStatus.DEAD);
      Task dead = queue.find(id).orElseThrow();
      assertThat(dead.attempts()).isEqualTo(3);
      assertThat(dead.lastError()).contains("Stage 'list'", "the shop is down", "HTTP 503");
      assertThat(runs.find(new RunId("default", id)).orElseThrow()).satisfies(r -> {
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("the shop is down");
      });
      List<String> attempt = List.of("discover:skipped", "generate:skipped", "check:skipped", "list:started",
          "list:failed");
      List<String> expected = new ArrayList<>(ALL_STAGES.subList(0, 7));
      expected.add("list:failed");
      expected.addAll(attempt);
      expected.addAll(attempt);
      assertThat(listener.trail()).containsExactlyElementsOf(expected);
      assertThat(listener.events).extracting(PipelineEvent::attempt)
          .containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3);
      assertThat(listener.events.stream().filter(e -> e.kind() == PipelineEvent.Kind.FAILED))
          .allSatisfy(e -> assertThat(e.detail()).contains("the shop is down"));
      assertThat(generator.requests).hasSize(1);
    }
  }

  @Test
  void an_unknown_community_fails_at_once_naming_it() {
    try (Pipeline p = pipeline()) {
      TaskId id = p.enqueue(SponsoredPost.of("pay_7", "no-such-place", ""));

      RunResult result = runNext(p);

      assertThat(result.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(result.error()).contains("Stage 'discover'", "no-such-place", "known communities");
      assertThat(queue.find(id).orElseThrow().attempts()).isEqualTo(1);
      assertThat(listener.trail()).containsExactly("discover:started", "discover:failed");
      assertThat(generator.requests).isEmpty();
    }
  }

  @Test
  void a_community_without_trends_fails_clearly() {
    try (Pipeline p = pipeline()) {
      p.enqueue(SponsoredPost.of("pay_8", "empty", ""));

      RunResult result = runNext(p);

      assertThat(result.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(result.error()).contains("no usable trend in [empty]", "0 fetched");
    }
  }

  @Test
  void communities_outside_the_allow_list_are_refused() {
    try (Pipeline p = pipeline(b -> b.selection(SelectionPolicy.DEFAULT.withAllowedCommunities(java.util.Set.of("Coffee"))))) {
      p.enqueue(SponsoredPost.of("pay_9", "java", ""));
      RunResult refused = runNext(p);
      assertThat(refused.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(refused.error()).contains("community", "'java' is not an allowed community", "coffee");
      assertThat(trends.calls).hasValue(0);

      RunResult pick = runNext(p);
      assertThat(pick.succeeded()).isTrue();
      assertThat(pick.report().trend().community()).isEqualTo("coffee");
    }
  }

  @Test
  void nsfw_trends_are_picked_only_when_allowed() {
    try (Pipeline p = pipeline(b -> b.selection(SelectionPolicy.DEFAULT.withNsfw(true)))) {
      p.enqueue(SponsoredPost.of("pay_10", "java", ""));
      assertThat(runNext(p).report().trend().id()).isEqualTo("j3");
    }
  }

  @Test
  void weights_decide_between_popular_and_fresh() {
    Instant now = clock.instant();
    trends.trends.clear();
    trends.trends.add(Fakes.trend("old", "java", 100_000, 5_000, Duration.ofHours(20), now, false));
    trends.trends.add(Fakes.trend("new", "java", 50, 2, Duration.ofMinutes(5), now, false));
    try (Pipeline p = pipeline(b -> b.selection(SelectionPolicy.DEFAULT.withWeights(0, 0, 1)))) {
      p.enqueue(SponsoredPost.of("pay_11", "java", ""));
      assertThat(runNext(p).report().trend().id()).isEqualTo("new");
    }
    try (Pipeline p = pipeline(b -> b.selection(SelectionPolicy.DEFAULT.withWeights(1, 1, 0)))) {
      p.enqueue(SponsoredPost.of("pay_12", "java", ""));
      assertThat(runNext(p).report().trend().id()).isEqualTo("old");
    }
  }

  @Test
  void copy_that_breaks_the_rules_is_regenerated_with_the_reasons() {
    String tooLong = "word ".repeat(80) + "#ad";
    generator.byRound = round -> platform -> round == 0 && platform.equals("x") ? tooLong : "Short and fine #ad";
    try (Pipeline p = pipeline()) {
      p.enqueue(SponsoredPost.of("pay_13", "java", ""));

      RunResult result = runNext(p);

      assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
      assertThat(result.report().regenerations()).isEqualTo(1);
      assertThat(generator.requests).hasSize(2);
      assertThat(generator.requests.get(0).feedback()).isEmpty();
      assertThat(generator.requests.get(1).feedback()).isNotEmpty().allMatch(r -> r.contains("x"))
          .anyMatch(r -> r.contains("too long"));
      assertThat(x.posts).singleElement().satisfies(post -> assertThat(post.body()).startsWith("Short and fine"));
      assertThat(listener.trail()).containsExactlyElementsOf(ALL_STAGES);
    }
  }

  @Test
  void copy_that_keeps_breaking_the_rules_fails_after_the_allowed_regenerations() {
    generator.copy = platform -> platform.equals("x") ? "word ".repeat(80) : "Fine for reddit #ad";
    try (Pipeline p = pipeline(b -> b.maxRegenerations(3))) {
      TaskId id = p.enqueue(SponsoredPost.of("pay_14", "java", ""));

      RunResult result = runNext(p);

      assertThat(result.status()).as("invalid content is not retried").isEqualTo(TaskStatus.DEAD);
      assertThat(generator.requests).hasSize(4);
      assertThat(result.error()).contains("Stage 'check'", "after 3 regenerations", "too long", "disclos");
      assertThat(queue.find(id).orElseThrow().lastError()).contains("too long");
      assertThat(shop.drafts).isEmpty();
      assertThat(listener.trail()).endsWith("check:started", "check:failed");
    }
  }

  @Test
  void a_payload_with_a_missing_field_fails_naming_it() {
    try (Pipeline p = pipeline()) {
      TaskId id = queue.enqueue(TaskSpec.of(TaskTypes.SPONSORED_POST, "{\"commissionId\":\"p\",\"community\":\"java\",\"mesage\":\"hi\"}"));
      TaskId id2 = queue.enqueue(TaskSpec.of(TaskTypes.SUBREDDIT_TIER_POST, "{\"tier\":\"gold\"}"));

      RunResult unknown = runNext(p);
      RunResult missing = runNext(p);

      assertThat(unknown.taskId()).isEqualTo(id);
      assertThat(unknown.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(unknown.error()).contains("mesage", "is not a field of SponsoredPost", "message");
      assertThat(missing.taskId()).isEqualTo(id2);
      assertThat(missing.error()).contains("community", "is required");
      assertThat(runs.find(new RunId("default", id))).isEmpty();
      assertThat(listener.trail()).containsExactly("discover:started", "discover:failed", "discover:started",
          "discover:failed");
    }
  }

  @Test
  void an_unknown_publisher_in_the_payload_fails_listing_the_configured_ones() {
    try (Pipeline p = pipeline()) {
      p.enqueue(new SponsoredPost("pay_15", "java", "", null, List.of("tiktok")));
      RunResult result = runNext(p);
      assertThat(result.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(result.error()).contains("publishers", "tiktok", "[reddit, x]");
    }
  }

  @Test
  void listener_exceptions_never_break_the_run() {
    try (Pipeline p = pipeline(b -> b.listener(e -> {
      throw new IllegalStateException("listener bug");
    }).listener(e -> {
      throw new AssertionError("listener assertion");
    }))) {
      p.enqueue(SponsoredPost.of("pay_16", "java", ""));
      assertThat(runNext(p).succeeded()).isTrue();
      assertThat(listener.trail()).containsExactlyElementsOf(ALL_STAGES);
    }
  }

  @Test
  void recorders_get_the_report_once_per_finished_run() {
    List<RunReport> recorded = new ArrayList<>();
    try (Pipeline p = pipeline(b -> b.recorder(recorded::add))) {
      p.enqueue(SponsoredPost.of("pay_17", "java", ""));
      RunResult result = runNext(p);
      assertThat(recorded).containsExactly(result.report());
    }
  }

  @Test
  void a_cross_post_reuses_the_product_of_an_earlier_run() {
    try (Pipeline p = pipeline(b -> b.publishers(List.of("reddit")))) {
      TaskId source = p.enqueue(SponsoredPost.of("pay_18", "java", ""));
      RunResult first = runNext(p);
      TaskId cross = p.enqueue(new CrossPost(source.value(), "x", null));

      RunResult result = runNext(p);

      assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
      assertThat(result.taskId()).isEqualTo(cross);
      assertThat(result.report().listing()).isEqualTo(first.report().listing());
      assertThat(result.report().trend()).isEqualTo(first.report().trend());
      assertThat(shop.drafts).hasSize(1);
      // The first run wrote copy for reddit only; x copy is generated for the cross-post.
      assertThat(generator.requests).hasSize(2);
      assertThat(x.posts).singleElement().satisfies(post -> {
        assertThat(post.idempotencyKey()).isEqualTo("default:" + cross + ":publish:x");
        assertThat(post.body()).contains(first.report().listing().trackingUrl().toString());
      });
    }
  }

  @Test
  void a_cross_post_of_an_unknown_task_fails_naming_the_field() {
    try (Pipeline p = pipeline()) {
      p.enqueue(new CrossPost(999, "x", null));
      RunResult result = runNext(p);
      assertThat(result.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(result.error()).contains("sourceTaskId", "999", "has no run");
    }
  }

  @Test
  void a_later_slot_schedules_a_publish_task_that_posts_when_due() {
    Instant slot = clock.instant().plus(Duration.ofHours(3));
    try (Pipeline p = pipeline(b -> b.discoveryWhenIdle(false)
        .publishSlots((publisher, community, now) -> publisher.equals("x") ? slot : now))) {
      TaskId id = p.enqueue(SponsoredPost.of("pay_19", "java", ""));
      RunResult result = runNext(p);

      assertThat(result.succeeded()).isTrue();
      assertThat(reddit.posts).hasSize(1);
      assertThat(x.posts).isEmpty();
      RunReport.ScheduledPost later = result.report().scheduled().get(0);
      assertThat(later.publisher()).isEqualTo("x");
      assertThat(later.at()).isEqualTo(slot);
      assertThat(p.runOnce()).as("not before its slot").isEmpty();

      clock.set(slot);
      RunResult published = runNext(p);

      assertThat(published.taskType()).isEqualTo(TaskTypes.PUBLISH);
      assertThat(published.taskId()).isEqualTo(later.taskId());
      assertThat(published.succeeded()).as(String.valueOf(published.error())).isTrue();
      assertThat(x.posts).singleElement().satisfies(post ->
          assertThat(post.body()).contains(result.report().listing().trackingUrl().toString()));
      assertThat(shop.drafts).hasSize(1);
      assertThat(generator.requests).hasSize(1);
      assertThat(runs.find(new RunId("default", id)).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  @Test
  void hosts_run_their_own_task_types() {
    List<String> seen = new ArrayList<>();
    try (Pipeline p = pipeline(b -> b.handler("NEWSLETTER", ctx -> seen.add(ctx.payload())))) {
      queue.enqueue(TaskSpec.of("NEWSLETTER", "{\"to\":\"all\"}"));
      RunResult result = runNext(p);
      assertThat(result.succeeded()).isTrue();
      assertThat(result.report()).isNull();
      assertThat(seen).containsExactly("{\"to\":\"all\"}");
      assertThat(p.handlers()).containsKeys("NEWSLETTER", TaskTypes.SPONSORED_POST, TaskTypes.FRONT_PICK,
          TaskTypes.CROSS_POST, TaskTypes.PUBLISH, TaskTypes.SUBREDDIT_TIER_POST);
    }
  }

  @Test
  void a_task_type_nobody_handles_is_dead_with_the_handled_types() {
    try (Pipeline p = pipeline()) {
      queue.enqueue(TaskSpec.of("MYSTERY"));
      RunResult result = runNext(p);
      assertThat(result.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(result.error()).contains("MYSTERY", "SPONSORED_POST");
    }
  }

  @Test
  void the_same_commission_is_queued_once() {
    try (Pipeline p = pipeline()) {
      TaskId a = p.enqueue(SponsoredPost.of("pay_20", "java", ""));
      TaskId b = p.enqueue(SponsoredPost.of("pay_20", "java", ""));
      assertThat(b).isEqualTo(a);
    }
  }

  @Test
  void building_without_required_roles_names_each() {
    try (Clouvel bare = Clouvel.builder().registry(ai.clouvel.sdk.spi.ProviderRegistry.of(List.of())).build()) {
      assertThatThrownBy(() -> bare.pipeline().build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("queue", "content generator", "commerce", "publisher", "trend source");
    }
    assertThatThrownBy(() -> clouvel.pipeline().maxRegenerations(11))
        .isInstanceOf(ValidationException.class).hasMessageContaining("maxRegenerations");
    assertThatThrownBy(() -> clouvel.pipeline().commerce("zazzle"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("commerce", "shop");
    assertThatThrownBy(() -> clouvel.pipeline().publishers(List.of("tiktok")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("tiktok", "reddit");
  }

  @Test
  void runs_without_art_fail_at_the_list_stage_without_retry() {
    generator.withArt = false;
    try (Pipeline p = pipeline()) {
      p.enqueue(SponsoredPost.of("pay_21", "java", ""));
      RunResult result = runNext(p);
      assertThat(result.status()).isEqualTo(TaskStatus.DEAD);
      assertThat(result.error()).contains("Stage 'list'", "made no art");
    }
  }

  @Test
  void stored_art_files_are_named_by_task() throws Exception {
    try (Pipeline p = pipeline()) {
      TaskId id = p.enqueue(SponsoredPost.of("pay_22", "java", ""));
      runNext(p);
      try (var files = Files.list(dir.resolve("assets"))) {
        assertThat(files.map(f -> f.getFileName().toString())).singleElement()
            .satisfies(name -> assertThat(name).startsWith("default-" + id + "-0-").endsWith("-art.png"));
      }
    }
  }

  @Test
  void the_report_is_empty_until_the_run_is_recorded() {
    try (Pipeline p = pipeline()) {
      assertThat(p.report(new TaskId(12345))).isEqualTo(Optional.empty());
    }
  }
}
