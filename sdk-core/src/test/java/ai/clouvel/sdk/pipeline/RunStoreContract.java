package ai.clouvel.sdk.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.queue.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link RunStore}: extend it with a {@link #newStore()} for the
 * implementation under test.
 */
public abstract class RunStoreContract {
  protected static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  protected RunStore store;

  /** A new, empty store. */
  protected abstract RunStore newStore() throws Exception;

  /** The same store's data seen through a new instance (a process restart), or null when not durable. */
  protected RunStore reopen() throws Exception {
    return null;
  }

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static RunId id(long task) {
    return new RunId("acct", new TaskId(task));
  }

  @Test
  void begins_a_run_once_and_resumes_it_with_its_checkpoints() {
    Run first = store.begin(id(1), "SPONSORED_POST", "c-1", T0);
    assertThat(first.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(first.checkpoints()).isEmpty();
    assertThat(first.commissionId()).isEqualTo("c-1");
    store.done(id(1), "discover", "{\"a\":1}", Duration.ofMillis(12), T0.plusSeconds(1));
    store.finish(id(1), RunStatus.FAILED, "boom", T0.plusSeconds(2));

    Run again = store.begin(id(1), "SPONSORED_POST", "c-1", T0.plusSeconds(3));
    assertThat(again.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(again.createdAt()).isEqualTo(T0);
    assertThat(again.updatedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(again.checkpoints()).singleElement().satisfies(c -> {
      assertThat(c.step()).isEqualTo("discover");
      assertThat(c.isDone()).isTrue();
      assertThat(c.output()).isEqualTo("{\"a\":1}");
      assertThat(c.elapsed()).isEqualTo(Duration.ofMillis(12));
    });
  }

  @Test
  void keeps_checkpoints_in_the_order_they_were_first_saved() {
    store.begin(id(1), "FRONT_PICK", null, T0);
    store.done(id(1), "discover", "1", Duration.ZERO, T0);
    store.done(id(1), "generate", "2", Duration.ZERO, T0);
    store.attempted(id(1), "publish:outbox", T0);
    store.done(id(1), "discover", "1b", Duration.ZERO, T0.plusSeconds(1));
    store.done(id(1), "publish:outbox", "3", Duration.ZERO, T0.plusSeconds(1));

    Run run = store.find(id(1)).orElseThrow();
    assertThat(run.checkpoints()).extracting(Checkpoint::step).containsExactly("discover", "generate", "publish:outbox");
    assertThat(run.checkpoint("discover").orElseThrow().output()).isEqualTo("1b");
  }

  @Test
  void attempted_never_downgrades_a_done_step() {
    store.begin(id(1), "FRONT_PICK", null, T0);
    store.attempted(id(1), "publish:x", T0);
    assertThat(store.find(id(1)).orElseThrow().checkpoint("publish:x").orElseThrow().state())
        .isEqualTo(Checkpoint.State.ATTEMPTED);
    assertThat(store.find(id(1)).orElseThrow().isDone("publish:x")).isFalse();

    store.done(id(1), "publish:x", "{\"postId\":\"p1\"}", Duration.ofMillis(5), T0);
    store.attempted(id(1), "publish:x", T0.plusSeconds(1));

    Checkpoint c = store.find(id(1)).orElseThrow().checkpoint("publish:x").orElseThrow();
    assertThat(c.state()).isEqualTo(Checkpoint.State.DONE);
    assertThat(c.output()).isEqualTo("{\"postId\":\"p1\"}");
  }

  @Test
  void finish_keeps_the_error_of_a_failed_attempt_and_clears_it_on_success() {
    store.begin(id(1), "FRONT_PICK", null, T0);
    store.finish(id(1), RunStatus.FAILED, "provider down", T0.plusSeconds(1));
    assertThat(store.find(id(1)).orElseThrow()).satisfies(r -> {
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.error()).isEqualTo("provider down");
    });
    store.begin(id(1), "FRONT_PICK", null, T0.plusSeconds(2));
    store.finish(id(1), RunStatus.SUCCEEDED, null, T0.plusSeconds(3));
    assertThat(store.find(id(1)).orElseThrow()).satisfies(r -> {
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.error()).isNull();
    });
  }

  @Test
  void keeps_large_outputs_intact() {
    String big = "{\"text\":\"" + "é".repeat(200_000) + "\"}";
    store.begin(id(1), "FRONT_PICK", null, T0);
    store.done(id(1), "generate", big, Duration.ZERO, T0);
    assertThat(store.find(id(1)).orElseThrow().checkpoint("generate").orElseThrow().output()).isEqualTo(big);
  }

  @Test
  void rejects_steps_of_a_run_that_was_not_begun() {
    assertThatThrownBy(() -> store.done(id(9), "discover", "{}", Duration.ZERO, T0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("id");
    assertThatThrownBy(() -> store.attempted(id(9), "publish:x", T0))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> store.finish(id(9), RunStatus.SUCCEEDED, null, T0))
        .isInstanceOf(ValidationException.class);
    assertThat(store.find(id(9))).isEmpty();
  }

  @Test
  void rejects_bad_arguments_naming_the_field() {
    store.begin(id(1), "FRONT_PICK", null, T0);
    assertThatThrownBy(() -> store.done(id(1), " ", "{}", Duration.ZERO, T0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("step");
    assertThatThrownBy(() -> store.done(id(1), "x", "{}", Duration.ofSeconds(-1), T0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("elapsed");
    assertThatThrownBy(() -> store.finish(id(1), RunStatus.RUNNING, null, T0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("status");
    assertThatThrownBy(() -> store.list("acct", 0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("limit");
  }

  @Test
  void lists_an_accounts_runs_newest_first_and_never_another_accounts() {
    store.begin(id(1), "FRONT_PICK", null, T0);
    store.begin(id(2), "SPONSORED_POST", "c", T0.plusSeconds(1));
    store.begin(new RunId("other", new TaskId(3)), "FRONT_PICK", null, T0);
    store.done(id(2), "discover", "{}", Duration.ZERO, T0);

    List<Run> runs = store.list("acct", 10);
    assertThat(runs).extracting(r -> r.id().taskId().value()).containsExactly(2L, 1L);
    assertThat(runs.get(0).checkpoints()).hasSize(1);
    assertThat(store.list("acct", 1)).hasSize(1);
    assertThat(store.find(new RunId("other", new TaskId(2)))).isEmpty();
  }

  @Test
  void a_trend_belongs_to_the_first_task_that_uses_it_per_account() {
    assertThat(store.useTrend("acct", "sample:1", new TaskId(1), T0)).isTrue();
    assertThat(store.useTrend("acct", "sample:1", new TaskId(1), T0)).isTrue();
    assertThat(store.useTrend("acct", "sample:1", new TaskId(2), T0)).isFalse();
    assertThat(store.useTrend("other", "sample:1", new TaskId(2), T0)).isTrue();

    assertThat(store.usedTrends("acct", List.of("sample:0", "sample:1", "sample:2"))).containsExactly("sample:1");
    assertThat(store.usedTrends("acct", List.of())).isEmpty();
  }

  @Test
  void concurrent_tasks_never_both_get_one_trend() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 1; t <= 8; t++) {
        TaskId task = new TaskId(t);
        results.add(pool.submit(() -> store.useTrend("acct", "sample:hot", task, T0)));
      }
      long winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void survives_a_restart_when_durable() throws Exception {
    store.begin(id(1), "FRONT_PICK", null, T0);
    store.done(id(1), "list", "{\"productUrl\":\"https://example.com/p/1\"}", Duration.ofMillis(3), T0);
    store.attempted(id(1), "publish:outbox", T0);
    store.useTrend("acct", "sample:1", new TaskId(1), T0);
    RunStore reopened = reopen();
    if (reopened == null) {
      return; // in memory: nothing survives by design
    }
    try {
      Run run = reopened.find(id(1)).orElseThrow();
      assertThat(run.isDone("list")).isTrue();
      assertThat(run.checkpoint("publish:outbox").orElseThrow().state()).isEqualTo(Checkpoint.State.ATTEMPTED);
      assertThat(reopened.usedTrends("acct", List.of("sample:1"))).containsExactly("sample:1");
    } finally {
      reopened.close();
    }
  }
}
