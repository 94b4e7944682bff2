package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.LeaseLostException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link TaskQueue} keeps, run against each implementation (in memory, H2 file,
 * PostgreSQL). Time is driven by a {@link SettableClock}, so due times, leases and backoff are
 * tested without sleeping.
 *
 * <p>Implementations create their queue with the clock, {@link #RETRY} and {@link #MAX_PAYLOAD}
 * given to {@link #createQueue}, and start empty.
 */
public abstract class TaskQueueContractTest {

  /** The backoff the queue under test must use: 10 s, doubling, no jitter, so due times are exact. */
  protected static final RetryPolicy RETRY = new RetryPolicy(Duration.ofSeconds(10), Duration.ofHours(1), 2.0, 0.0);
  /** The payload limit the queue under test must use, in bytes of UTF-8. */
  protected static final int MAX_PAYLOAD = 1024;
  /** Where the clock starts. */
  protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  protected static final Duration LEASE = Duration.ofSeconds(30);

  protected SettableClock clock;
  protected TaskQueue queue;

  /**
   * A new, empty queue using {@code clock} for every time rule, {@code retryPolicy} for backoff and
   * {@code maxPayloadBytes} as its payload limit.
   */
  protected abstract TaskQueue createQueue(Clock clock, RetryPolicy retryPolicy, int maxPayloadBytes);

  @BeforeEach
  void createQueueUnderTest() {
    clock = new SettableClock(T0);
    queue = createQueue(clock, RETRY, MAX_PAYLOAD);
  }

  @AfterEach
  void closeQueueUnderTest() {
    if (queue != null) {
      queue.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  protected static TaskSpec spec(String type) {
    return TaskSpec.of(type);
  }

  protected Task task(TaskId id) {
    return queue.find(id).orElseThrow(() -> new AssertionError("task " + id + " not found"));
  }

  protected ClaimedTask claimOne(String worker) {
    List<ClaimedTask> claimed = queue.claim(worker, 1, LEASE);
    assertThat(claimed).as("tasks claimed by " + worker).hasSize(1);
    return claimed.get(0);
  }

  private static List<TaskId> ids(List<ClaimedTask> claimed) {
    return claimed.stream().map(ClaimedTask::id).toList();
  }

  // ------------------------------------------------------------------ enqueue and find

  @Test
  void enqueue_stores_a_queued_task_with_every_field() {
    TaskId id = queue.enqueue(TaskSpec.builder("SPONSORED_POST").payload("{\"community\":\"java\"}").priority(7)
        .maxAttempts(3).uniqueKey("commission-1").accountId("acme").build());

    Task t = task(id);
    assertThat(t.id()).isEqualTo(id);
    assertThat(t.accountId()).isEqualTo("acme");
    assertThat(t.type()).isEqualTo("SPONSORED_POST");
    assertThat(t.payload()).isEqualTo("{\"community\":\"java\"}");
    assertThat(t.priority()).isEqualTo(7);
    assertThat(t.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(t.runAt()).isEqualTo(T0);
    assertThat(t.attempts()).isZero();
    assertThat(t.maxAttempts()).isEqualTo(3);
    assertThat(t.uniqueKey()).isEqualTo("commission-1");
    assertThat(t.createdAt()).isEqualTo(T0);
    assertThat(t.updatedAt()).isEqualTo(T0);
    assertThat(t.lastError()).isNull();
    assertThat(t.lockedBy()).isNull();
    assertThat(t.leaseExpiresAt()).isNull();
    assertThat(t.cancelRequested()).isFalse();
  }

  @Test
  void enqueue_keeps_unicode_payload_intact() {
    String payload = "{\"title\":\"Café ☕ 𝄞 日本\"}";
    TaskId id = queue.enqueue(TaskSpec.of("FRONT_PICK", payload));
    assertThat(task(id).payload()).isEqualTo(payload);
  }

  @Test
  void enqueue_returns_increasing_ids() {
    TaskId a = queue.enqueue(spec("A"));
    TaskId b = queue.enqueue(spec("B"));
    assertThat(b).isGreaterThan(a);
  }

  @Test
  void enqueueAll_returns_ids_in_order_of_the_specs() {
    List<TaskSpec> specs = IntStream.range(0, 50)
        .mapToObj(i -> TaskSpec.of("T", "{\"i\":" + i + "}")).toList();
    List<TaskId> ids = queue.enqueueAll(specs);

    assertThat(ids).hasSize(50).doesNotHaveDuplicates().isSorted();
    for (int i = 0; i < 50; i++) {
      assertThat(task(ids.get(i)).payload()).isEqualTo("{\"i\":" + i + "}");
    }
  }

  @Test
  void enqueueAll_of_nothing_returns_nothing() {
    assertThat(queue.enqueueAll(List.of())).isEmpty();
    assertThat(queue.stats().count(TaskStatus.QUEUED)).isZero();
  }

  @Test
  void find_of_an_unknown_id_is_empty() {
    assertThat(queue.find(new TaskId(987_654))).isEmpty();
  }

  // ------------------------------------------------------------------ ordering and due time

  @Test
  void claims_higher_priority_first_then_earlier_run_at_then_first_in() {
    TaskId low = queue.enqueue(TaskSpec.builder("T").priority(0).build());
    TaskId highLater = queue.enqueue(TaskSpec.builder("T").priority(5).runAt(T0.minusSeconds(10)).build());
    TaskId highEarlier = queue.enqueue(TaskSpec.builder("T").priority(5).runAt(T0.minusSeconds(20)).build());
    TaskId highLaterSecond = queue.enqueue(TaskSpec.builder("T").priority(5).runAt(T0.minusSeconds(10)).build());
    TaskId negative = queue.enqueue(TaskSpec.builder("T").priority(-3).build());

    List<TaskId> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      order.add(claimOne("w").id());
    }
    assertThat(order).containsExactly(highEarlier, highLater, highLaterSecond, low, negative);
  }

  @Test
  void claim_returns_a_batch_in_claim_order() {
    TaskId low = queue.enqueue(TaskSpec.builder("T").priority(1).build());
    TaskId high = queue.enqueue(TaskSpec.builder("T").priority(9).build());
    TaskId mid = queue.enqueue(TaskSpec.builder("T").priority(5).build());

    assertThat(ids(queue.claim("w", 10, LEASE))).containsExactly(high, mid, low);
  }

  @Test
  void sponsored_task_enqueued_after_1000_front_picks_is_claimed_first() {
    queue.enqueueAll(IntStream.range(0, 1000).mapToObj(i -> TaskSpec.of("FRONT_PICK")).toList());
    clock.advance(Duration.ofSeconds(1));
    TaskId sponsored = queue.enqueue(TaskSpec.builder("SPONSORED_POST").priority(100).build());

    ClaimedTask first = claimOne("w");
    assertThat(first.id()).isEqualTo(sponsored);
    assertThat(first.type()).isEqualTo("SPONSORED_POST");
  }

  @Test
  void task_scheduled_for_later_is_not_claimed_before_its_time() {
    TaskId later = queue.enqueue(TaskSpec.builder("PUBLISH").priority(10).runAt(T0.plusSeconds(60)).build());

    assertThat(queue.claim("w", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(59));
    assertThat(queue.claim("w", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(ids(queue.claim("w", 10, LEASE))).containsExactly(later);
  }

  @Test
  void a_due_lower_priority_task_is_claimed_while_a_higher_one_waits_for_its_time() {
    queue.enqueue(TaskSpec.builder("PUBLISH").priority(10).runAt(T0.plusSeconds(60)).build());
    TaskId due = queue.enqueue(TaskSpec.builder("FRONT_PICK").priority(0).build());

    assertThat(ids(queue.claim("w", 10, LEASE))).containsExactly(due);
  }

  @Test
  void claim_marks_tasks_running_under_the_workers_lease() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("worker-1");

    assertThat(c.id()).isEqualTo(id);
    assertThat(c.worker()).isEqualTo("worker-1");
    assertThat(c.attempt()).isEqualTo(1);
    assertThat(c.leaseExpiresAt()).isEqualTo(T0.plus(LEASE));
    assertThat(c.task().status()).isEqualTo(TaskStatus.RUNNING);
    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(t.lockedBy()).isEqualTo("worker-1");
    assertThat(t.leaseExpiresAt()).isEqualTo(T0.plus(LEASE));
  }

  @Test
  void claim_takes_at_most_max_and_never_hands_a_task_out_twice() {
    queue.enqueueAll(IntStream.range(0, 5).mapToObj(i -> spec("T")).toList());

    List<ClaimedTask> first = queue.claim("a", 3, LEASE);
    List<ClaimedTask> second = queue.claim("b", 3, LEASE);
    List<ClaimedTask> third = queue.claim("c", 3, LEASE);

    assertThat(first).hasSize(3);
    assertThat(second).hasSize(2);
    assertThat(third).isEmpty();
    Set<TaskId> all = new HashSet<>(ids(first));
    all.addAll(ids(second));
    assertThat(all).hasSize(5);
  }

  @Test
  void concurrent_claimers_never_share_a_task() throws Exception {
    int tasks = 200;
    queue.enqueueAll(IntStream.range(0, tasks).mapToObj(i -> spec("T")).toList());
    Map<TaskId, String> owner = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String worker = "w" + w;
        futures.add(pool.submit(() -> {
          List<ClaimedTask> batch;
          while (!(batch = queue.claim(worker, 7, LEASE)).isEmpty()) {
            for (ClaimedTask c : batch) {
              if (owner.putIfAbsent(c.id(), worker) != null) {
                duplicates.incrementAndGet();
              }
            }
            assertThat(queue.completeAll(batch)).isEmpty();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(duplicates).hasValue(0);
    assertThat(owner).hasSize(tasks);
    assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(tasks);
  }

  // ------------------------------------------------------------------ unique keys

  @Test
  void unique_key_returns_the_existing_task_while_it_is_queued_or_running() {
    TaskId first = queue.enqueue(TaskSpec.builder("T").uniqueKey("k1").build());
    TaskId again = queue.enqueue(TaskSpec.builder("T").uniqueKey("k1").payload("{\"other\":1}").build());
    assertThat(again).isEqualTo(first);

    claimOne("w");
    TaskId whileRunning = queue.enqueue(TaskSpec.builder("T").uniqueKey("k1").build());
    assertThat(whileRunning).isEqualTo(first);
    assertThat(queue.stats().byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
  }

  @Test
  void unique_key_is_free_again_once_the_task_finished() {
    TaskId first = queue.enqueue(TaskSpec.builder("T").uniqueKey("k1").build());
    queue.complete(claimOne("w"));

    TaskId second = queue.enqueue(TaskSpec.builder("T").uniqueKey("k1").build());
    assertThat(second).isNotEqualTo(first);
    assertThat(task(second).status()).isEqualTo(TaskStatus.QUEUED);

    assertThat(queue.cancel(second)).isTrue();
    TaskId third = queue.enqueue(TaskSpec.builder("T").uniqueKey("k1").build());
    assertThat(third).isNotIn(first, second);
  }

  @Test
  void unique_key_applies_within_one_batch() {
    List<TaskId> ids = queue.enqueueAll(List.of(
        TaskSpec.builder("T").uniqueKey("a").build(),
        TaskSpec.builder("T").build(),
        TaskSpec.builder("T").uniqueKey("a").build(),
        TaskSpec.builder("T").uniqueKey("b").build()));

    assertThat(ids.get(2)).isEqualTo(ids.get(0));
    assertThat(Set.copyOf(ids)).hasSize(3);
    assertThat(queue.stats().count(TaskStatus.QUEUED)).isEqualTo(3);
  }

  @Test
  void unique_key_in_a_batch_returns_a_task_queued_before() {
    TaskId existing = queue.enqueue(TaskSpec.builder("T").uniqueKey("a").build());
    List<TaskId> ids = queue.enqueueAll(List.of(
        TaskSpec.builder("T").build(),
        TaskSpec.builder("T").uniqueKey("a").build(),
        TaskSpec.builder("T").build()));

    assertThat(ids.get(1)).isEqualTo(existing);
    assertThat(ids.get(0)).isNotEqualTo(existing);
    assertThat(ids.get(2)).isNotEqualTo(existing).isNotEqualTo(ids.get(0));
    assertThat(queue.stats().count(TaskStatus.QUEUED)).isEqualTo(3);
  }

  @Test
  void unique_keys_are_scoped_per_account() {
    TaskId a = queue.enqueue(TaskSpec.builder("T").uniqueKey("k").accountId("alice").build());
    TaskId b = queue.enqueue(TaskSpec.builder("T").uniqueKey("k").accountId("bob").build());
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void concurrent_enqueues_with_one_unique_key_create_one_task() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Set<TaskId> returned = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int r = 0; r < 20; r++) {
            returned.add(queue.enqueue(TaskSpec.builder("T").uniqueKey("race-" + r).build()));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(returned).hasSize(20);
    assertThat(queue.stats().count(TaskStatus.QUEUED)).isEqualTo(20);
  }

  // ------------------------------------------------------------------ complete

  @Test
  void complete_marks_the_task_succeeded() {
    TaskId id = queue.enqueue(spec("T"));
    clock.advance(Duration.ofSeconds(5));
    queue.complete(claimOne("w"));

    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(t.lockedBy()).isNull();
    assertThat(t.leaseExpiresAt()).isNull();
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(t.updatedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(queue.claim("w", 1, LEASE)).isEmpty();
  }

  @Test
  void complete_twice_is_rejected_the_second_time() {
    queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("w");
    queue.complete(c);
    assertThatThrownBy(() -> queue.complete(c)).isInstanceOf(LeaseLostException.class);
  }

  @Test
  void completeAll_completes_held_tasks_and_returns_the_lost_ones() {
    queue.enqueueAll(IntStream.range(0, 4).mapToObj(i -> spec("T")).toList());
    List<ClaimedTask> held = queue.claim("w", 4, LEASE);
    queue.complete(held.get(1));

    List<ClaimedTask> lost = queue.completeAll(held);

    assertThat(ids(lost)).containsExactly(held.get(1).id());
    assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(4);
    assertThat(queue.completeAll(List.of())).isEmpty();
  }

  // ------------------------------------------------------------------ leases and fencing

  @Test
  void a_task_whose_lease_expired_is_due_again_and_the_attempt_counts() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask first = claimOne("a");
    clock.advance(LEASE.minusSeconds(1));
    assertThat(queue.claim("b", 1, LEASE)).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    ClaimedTask second = claimOne("b");

    assertThat(second.id()).isEqualTo(id);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(first.attempt()).isEqualTo(1);
    Task t = task(id);
    assertThat(t.lockedBy()).isEqualTo("b");
    assertThat(t.attempts()).isEqualTo(2);
  }

  @Test
  void a_task_whose_lease_expired_on_its_last_attempt_is_dead() {
    TaskId id = queue.enqueue(TaskSpec.builder("T").maxAttempts(1).uniqueKey("u").build());
    claimOne("a");
    clock.advance(LEASE.plusSeconds(1));

    assertThat(queue.claim("b", 1, LEASE)).isEmpty();
    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.DEAD);
    assertThat(t.lastError()).isEqualTo("lease expired");
    assertThat(t.lockedBy()).isNull();
    assertThat(queue.enqueue(TaskSpec.builder("T").uniqueKey("u").build())).isNotEqualTo(id);
  }

  @Test
  void stats_shows_a_task_whose_lease_expired_on_its_last_attempt_as_dead() {
    queue.enqueue(TaskSpec.builder("T").maxAttempts(1).build());
    claimOne("a");
    clock.advance(LEASE.plusSeconds(1));

    QueueStats stats = queue.stats();
    assertThat(stats.count(TaskStatus.DEAD)).isEqualTo(1);
    assertThat(stats.count(TaskStatus.RUNNING)).isZero();
  }

  @Test
  void a_stale_complete_after_the_task_was_claimed_again_is_rejected_and_changes_nothing() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask stale = claimOne("a");
    clock.advance(LEASE.plusSeconds(1));
    ClaimedTask current = claimOne("b");

    assertThatThrownBy(() -> queue.complete(stale))
        .isInstanceOf(LeaseLostException.class)
        .satisfies(e -> assertThat(((LeaseLostException) e).taskId()).isEqualTo(id.value()));

    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(t.lockedBy()).isEqualTo("b");
    assertThat(t.attempts()).isEqualTo(2);
    queue.complete(current);
    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void a_stale_complete_from_the_same_worker_name_is_fenced_by_the_attempt() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask stale = claimOne("node-1");
    clock.advance(LEASE.plusSeconds(1));
    ClaimedTask current = claimOne("node-1");

    assertThatThrownBy(() -> queue.complete(stale)).isInstanceOf(LeaseLostException.class);
    assertThat(queue.completeAll(List.of(stale, current))).containsExactly(stale);
    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void stale_fail_extend_and_release_are_fenced_and_change_nothing() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask stale = claimOne("a");
    clock.advance(LEASE.plusSeconds(1));
    claimOne("b");
    Task before = task(id);

    assertThatThrownBy(() -> queue.fail(stale, Failure.retryable("boom"))).isInstanceOf(LeaseLostException.class);
    assertThat(queue.extendLease(stale, Duration.ofMinutes(5))).isEmpty();
    assertThat(queue.release(stale)).isFalse();
    assertThat(queue.completeAll(List.of(stale))).containsExactly(stale);

    assertThat(task(id)).isEqualTo(before);
  }

  @Test
  void a_worker_may_still_complete_after_its_lease_ran_out_while_nobody_took_the_task() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("a");
    clock.advance(LEASE.plusSeconds(5));

    queue.complete(c);
    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(queue.claim("b", 1, LEASE)).isEmpty();
  }

  @Test
  void extendLease_moves_the_expiry_and_keeps_the_task_from_being_claimed_again() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("a");
    clock.advance(Duration.ofSeconds(20));

    Optional<ClaimedTask> extended = queue.extendLease(c, Duration.ofSeconds(60));

    assertThat(extended).isPresent();
    assertThat(extended.get().leaseExpiresAt()).isEqualTo(T0.plusSeconds(80));
    assertThat(extended.get().attempt()).isEqualTo(1);
    assertThat(task(id).leaseExpiresAt()).isEqualTo(T0.plusSeconds(80));
    clock.advance(Duration.ofSeconds(30)); // past the first lease, before the new one
    assertThat(queue.claim("b", 1, LEASE)).isEmpty();
    queue.complete(extended.get());
    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void after_the_extended_lease_expires_the_task_is_claimed_again() {
    queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("a");
    queue.extendLease(c, Duration.ofSeconds(60)).orElseThrow();
    clock.advance(Duration.ofSeconds(60));
    assertThat(claimOne("b").attempt()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ fail and retry

  @Test
  void fail_requeues_with_exponential_backoff_until_max_attempts_then_dead() {
    TaskId id = queue.enqueue(TaskSpec.builder("T").maxAttempts(3).uniqueKey("u").build());

    queue.fail(claimOne("w"), Failure.retryable("first"));
    Task afterFirst = task(id);
    assertThat(afterFirst.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(afterFirst.runAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(afterFirst.lastError()).isEqualTo("first");
    assertThat(afterFirst.lockedBy()).isNull();
    assertThat(afterFirst.attempts()).isEqualTo(1);
    assertThat(queue.enqueue(TaskSpec.builder("T").uniqueKey("u").build())).isEqualTo(id);

    clock.advance(Duration.ofSeconds(9));
    assertThat(queue.claim("w", 1, LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    ClaimedTask second = claimOne("w");
    assertThat(second.attempt()).isEqualTo(2);
    queue.fail(second, Failure.retryable("second"));
    assertThat(task(id).runAt()).isEqualTo(clock.instant().plusSeconds(20));

    clock.advance(Duration.ofSeconds(20));
    queue.fail(claimOne("w"), Failure.retryable("third"));

    Task dead = task(id);
    assertThat(dead.status()).isEqualTo(TaskStatus.DEAD);
    assertThat(dead.lastError()).isEqualTo("third");
    assertThat(dead.attempts()).isEqualTo(3);
    clock.advance(Duration.ofHours(2));
    assertThat(queue.claim("w", 1, LEASE)).isEmpty();
    assertThat(queue.enqueue(TaskSpec.builder("T").uniqueKey("u").build())).isNotEqualTo(id);
  }

  @Test
  void a_failure_that_must_not_be_retried_makes_the_task_dead_at_once() {
    TaskId id = queue.enqueue(TaskSpec.builder("T").maxAttempts(5).build());
    queue.fail(claimOne("w"), Failure.permanent("invalid content"));

    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.DEAD);
    assertThat(t.lastError()).isEqualTo("invalid content");
    assertThat(t.attempts()).isEqualTo(1);
  }

  @Test
  void retryAfter_of_a_failure_overrides_the_backoff() {
    TaskId id = queue.enqueue(spec("T"));
    queue.fail(claimOne("w"), new Failure("rate limited", "429", true, Duration.ofMinutes(7)));

    assertThat(task(id).runAt()).isEqualTo(T0.plus(Duration.ofMinutes(7)));
  }

  @Test
  void a_very_long_error_is_cut() {
    TaskId id = queue.enqueue(spec("T"));
    queue.fail(claimOne("w"), Failure.retryable("x".repeat(20_000)));
    assertThat(task(id).lastError()).hasSizeLessThanOrEqualTo(4000).startsWith("xxxx");
  }

  // ------------------------------------------------------------------ cancel, release, reschedule

  @Test
  void cancel_of_a_queued_task_cancels_it_at_once() {
    TaskId id = queue.enqueue(TaskSpec.builder("T").uniqueKey("u").build());

    assertThat(queue.cancel(id)).isTrue();
    assertThat(task(id).status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(queue.claim("w", 1, LEASE)).isEmpty();
    assertThat(queue.cancel(id)).isFalse();
  }

  @Test
  void cancel_of_a_running_task_flags_it_and_extendLease_tells_the_worker_to_stop() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("w");

    assertThat(queue.cancel(id)).isTrue();
    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(t.cancelRequested()).isTrue();
    assertThat(queue.extendLease(c, Duration.ofSeconds(30))).isEmpty();

    queue.fail(c, Failure.retryable("stopped"));
    Task after = task(id);
    assertThat(after.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(after.lastError()).isEqualTo("stopped");
  }

  @Test
  void complete_of_a_task_cancelled_while_running_still_succeeds() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("w");
    queue.cancel(id);

    queue.complete(c);
    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void a_cancelled_running_task_whose_lease_expired_is_cancelled() {
    TaskId id = queue.enqueue(spec("T"));
    claimOne("w");
    queue.cancel(id);
    clock.advance(LEASE.plusSeconds(1));

    assertThat(queue.claim("w", 1, LEASE)).isEmpty();
    assertThat(task(id).status()).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void cancel_of_a_finished_or_unknown_task_returns_false() {
    TaskId id = queue.enqueue(spec("T"));
    queue.complete(claimOne("w"));

    assertThat(queue.cancel(id)).isFalse();
    assertThat(queue.cancel(new TaskId(999_999))).isFalse();
    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void release_returns_the_task_due_now_without_counting_the_attempt() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("w");

    assertThat(queue.release(c)).isTrue();
    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(t.attempts()).isZero();
    assertThat(t.lockedBy()).isNull();
    assertThat(queue.release(c)).isFalse();
    assertThat(claimOne("other").attempt()).isEqualTo(1);
  }

  @Test
  void release_of_a_task_cancelled_while_running_cancels_it() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("w");
    queue.cancel(id);

    assertThat(queue.release(c)).isTrue();
    assertThat(task(id).status()).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void reschedule_moves_a_queued_tasks_due_time() {
    TaskId id = queue.enqueue(spec("T"));
    assertThat(queue.reschedule(id, T0.plusSeconds(100))).isTrue();
    assertThat(task(id).runAt()).isEqualTo(T0.plusSeconds(100));
    assertThat(queue.claim("w", 1, LEASE)).isEmpty();

    assertThat(queue.reschedule(id, T0.minusSeconds(1))).isTrue();
    ClaimedTask c = claimOne("w");
    assertThat(c.id()).isEqualTo(id);
    assertThat(queue.reschedule(id, T0.plusSeconds(100))).isFalse();
    assertThat(queue.reschedule(new TaskId(999_999), T0)).isFalse();
  }

  // ------------------------------------------------------------------ list, stats, purge, dead letters

  @Test
  void list_filters_by_status_type_and_account_newest_first_in_pages() {
    TaskId a1 = queue.enqueue(TaskSpec.builder("A").accountId("alice").build());
    TaskId b1 = queue.enqueue(TaskSpec.builder("B").accountId("alice").build());
    TaskId a2 = queue.enqueue(TaskSpec.builder("A").accountId("bob").build());
    TaskId a3 = queue.enqueue(TaskSpec.builder("A").accountId("alice").build());
    queue.complete(claimOne("w")); // a1, the oldest of equal priority

    assertThat(queue.list(TaskFilter.all()).stream().map(Task::id)).containsExactly(a3, a2, b1, a1);
    assertThat(queue.list(TaskFilter.all().withTypes("A")).stream().map(Task::id)).containsExactly(a3, a2, a1);
    assertThat(queue.list(TaskFilter.all().withAccount("alice")).stream().map(Task::id)).containsExactly(a3, b1, a1);
    assertThat(queue.list(TaskFilter.all().withStatuses(TaskStatus.SUCCEEDED)).stream().map(Task::id))
        .containsExactly(a1);
    assertThat(queue.list(TaskFilter.all().withStatuses(TaskStatus.QUEUED, TaskStatus.RUNNING).withTypes("A")
        .withAccount("alice")).stream().map(Task::id)).containsExactly(a3);
    assertThat(queue.list(TaskFilter.all().page(1, 2)).stream().map(Task::id)).containsExactly(a2, b1);
    assertThat(queue.list(TaskFilter.all().page(4, 2))).isEmpty();
  }

  @Test
  void stats_counts_per_status_and_type_and_the_age_of_the_oldest_due_task() {
    queue.enqueue(TaskSpec.builder("A").runAt(T0.minusSeconds(50)).build());
    queue.enqueue(TaskSpec.builder("A").priority(9).build());
    queue.enqueue(TaskSpec.builder("B").runAt(T0.plusSeconds(500)).build());
    queue.complete(claimOne("w")); // the priority-9 A
    queue.enqueue(TaskSpec.builder("B").build());
    claimOne("w"); // the A due 50 s ago
    clock.advance(Duration.ofSeconds(10));

    QueueStats stats = queue.stats();
    assertThat(stats.byStatus()).containsOnlyKeys(TaskStatus.values());
    assertThat(stats.count(TaskStatus.QUEUED)).isEqualTo(2);
    assertThat(stats.count(TaskStatus.RUNNING)).isEqualTo(1);
    assertThat(stats.count(TaskStatus.SUCCEEDED)).isEqualTo(1);
    assertThat(stats.count(TaskStatus.DEAD)).isZero();
    assertThat(stats.byType().get("A")).containsEntry(TaskStatus.SUCCEEDED, 1L).containsEntry(TaskStatus.RUNNING, 1L);
    assertThat(stats.byType().get("B")).containsEntry(TaskStatus.QUEUED, 2L);
    assertThat(stats.oldestDueAge()).isEqualTo(Duration.ofSeconds(10)); // the B enqueued at T0
  }

  @Test
  void stats_of_an_empty_queue_has_zero_counts_and_no_oldest_age() {
    QueueStats stats = queue.stats();
    assertThat(stats.byStatus()).containsOnlyKeys(TaskStatus.values()).allSatisfy((s, n) -> assertThat(n).isZero());
    assertThat(stats.byType()).isEmpty();
    assertThat(stats.oldestDueAge()).isNull();
  }

  @Test
  void purge_deletes_finished_tasks_older_than_the_age() {
    TaskId done = queue.enqueue(spec("T"));
    TaskId cancelled = queue.enqueue(spec("T"));
    TaskId dead = queue.enqueue(TaskSpec.builder("T").maxAttempts(1).build());
    TaskId waiting = queue.enqueue(spec("T"));
    queue.complete(claimOne("w"));
    queue.cancel(cancelled);
    queue.fail(claimOne("w"), Failure.retryable("x")); // "dead" on its only attempt
    clock.advance(Duration.ofHours(2));
    TaskId recent = queue.enqueue(spec("T"));
    queue.cancel(recent);

    assertThat(queue.purge(Duration.ofHours(3), true)).isZero();
    assertThat(queue.purge(Duration.ofHours(1), false)).isEqualTo(2);
    assertThat(queue.find(done)).isEmpty();
    assertThat(queue.find(cancelled)).isEmpty();
    assertThat(task(dead).status()).isEqualTo(TaskStatus.DEAD);
    assertThat(task(waiting).status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task(recent).status()).isEqualTo(TaskStatus.CANCELLED);

    assertThat(queue.purge(Duration.ofHours(1), true)).isEqualTo(1);
    assertThat(queue.find(dead)).isEmpty();
    assertThat(queue.purge(Duration.ZERO, false)).isEqualTo(0); // "recent" finished at the clock's now
    clock.advance(Duration.ofMillis(1));
    assertThat(queue.purge(Duration.ZERO, false)).isEqualTo(1);
  }

  @Test
  void requeueDead_queues_a_dead_task_again_with_fresh_attempts() {
    TaskId id = queue.enqueue(TaskSpec.builder("T").maxAttempts(1).build());
    queue.fail(claimOne("w"), Failure.retryable("boom"));
    clock.advance(Duration.ofMinutes(1));

    assertThat(queue.requeueDead(id)).isTrue();
    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(t.attempts()).isZero();
    assertThat(t.runAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(queue.requeueDead(id)).isFalse();
    assertThat(claimOne("w").attempt()).isEqualTo(1);
  }

  @Test
  void requeueDead_leaves_the_task_dead_while_another_task_holds_its_unique_key() {
    TaskId dead = queue.enqueue(TaskSpec.builder("T").maxAttempts(1).uniqueKey("u").build());
    queue.fail(claimOne("w"), Failure.permanent("boom"));
    TaskId newer = queue.enqueue(TaskSpec.builder("T").uniqueKey("u").build());

    assertThat(queue.requeueDead(dead)).isFalse();
    assertThat(task(dead).status()).isEqualTo(TaskStatus.DEAD);
    assertThat(queue.requeueAllDead(null)).isZero();
    queue.cancel(newer);
    assertThat(queue.requeueDead(dead)).isTrue();
    assertThat(queue.enqueue(TaskSpec.builder("T").uniqueKey("u").build())).isEqualTo(dead);
  }

  @Test
  void requeueAllDead_requeues_the_dead_tasks_of_one_type_or_of_all() {
    List<TaskId> ids = queue.enqueueAll(List.of(
        TaskSpec.builder("A").maxAttempts(1).build(),
        TaskSpec.builder("A").maxAttempts(1).uniqueKey("ua").build(),
        TaskSpec.builder("B").maxAttempts(1).build(),
        TaskSpec.builder("C").build()));
    for (ClaimedTask c : queue.claim("w", 3, LEASE)) {
      queue.fail(c, Failure.permanent("boom"));
    }

    assertThat(queue.requeueAllDead("A")).isEqualTo(2);
    assertThat(task(ids.get(0)).status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task(ids.get(1)).status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task(ids.get(2)).status()).isEqualTo(TaskStatus.DEAD);
    assertThat(queue.requeueAllDead(null)).isEqualTo(1);
    assertThat(queue.stats().count(TaskStatus.DEAD)).isZero();
  }

  // ------------------------------------------------------------------ notifications

  @Test
  void onAvailable_runs_on_enqueue_until_unregistered() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AutoCloseable registration = queue.onAvailable(calls::incrementAndGet);

    queue.enqueue(spec("T"));
    assertThat(calls.get()).isPositive();
    int afterOne = calls.get();
    queue.enqueueAll(List.of(spec("T"), spec("T")));
    assertThat(calls.get()).isGreaterThan(afterOne);

    registration.close();
    int afterClose = calls.get();
    queue.enqueue(spec("T"));
    assertThat(calls.get()).isEqualTo(afterClose);
  }

  @Test
  void a_throwing_onAvailable_callback_does_not_break_enqueue() {
    queue.onAvailable(() -> {
      throw new IllegalStateException("callback bug");
    });
    TaskId id = queue.enqueue(spec("T"));
    assertThat(task(id).status()).isEqualTo(TaskStatus.QUEUED);
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void rejects_a_blank_type_naming_the_field() {
    assertThatThrownBy(() -> TaskSpec.of("  "))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).contains("type"));
  }

  @Test
  void rejects_max_attempts_below_one_naming_the_field() {
    assertThatThrownBy(() -> TaskSpec.builder("T").maxAttempts(0).build())
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("maxAttempts"));
  }

  @Test
  void rejects_a_payload_over_the_limit_and_enqueues_nothing() {
    String tooBig = "\"" + "é".repeat(MAX_PAYLOAD / 2) + "\""; // 2 bytes per é in UTF-8
    assertThat(tooBig.length()).isLessThan(MAX_PAYLOAD);

    assertThatThrownBy(() -> queue.enqueue(TaskSpec.of("T", tooBig)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("payload"))
        .hasMessageContaining(String.valueOf(MAX_PAYLOAD));
    assertThatThrownBy(() -> queue.enqueueAll(List.of(spec("T"), TaskSpec.of("T", tooBig))))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("specs[1].payload"));
    assertThat(queue.stats().count(TaskStatus.QUEUED)).isZero();

    String fits = "\"" + "é".repeat(MAX_PAYLOAD / 2 - 1) + "\"";
    assertThat(task(queue.enqueue(TaskSpec.of("T", fits))).payload()).isEqualTo(fits);
  }

  @Test
  void rejects_bad_claim_arguments_naming_each_field() {
    queue.enqueue(spec("T"));
    assertThatThrownBy(() -> queue.claim("w", 1, Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("lease"));
    assertThatThrownBy(() -> queue.claim("w", 1, Duration.ofSeconds(-1)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("lease"));
    assertThatThrownBy(() -> queue.claim("w", 0, LEASE))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("max"));
    assertThatThrownBy(() -> queue.claim(" ", 1, LEASE))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("worker"));
    assertThat(task(new TaskId(queue.list(TaskFilter.all()).get(0).id().value())).status())
        .isEqualTo(TaskStatus.QUEUED);
  }

  @Test
  void rejects_a_non_positive_lease_extension_and_keeps_the_lease() {
    TaskId id = queue.enqueue(spec("T"));
    ClaimedTask c = claimOne("w");
    assertThatThrownBy(() -> queue.extendLease(c, Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("extension"));
    assertThat(task(id).leaseExpiresAt()).isEqualTo(T0.plus(LEASE));
  }

  @Test
  void rejects_null_arguments_with_a_validation_error() {
    assertThatThrownBy(() -> queue.enqueue(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> queue.enqueueAll(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> queue.enqueueAll(Collections.singletonList(null))).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> queue.complete(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> queue.cancel(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> queue.purge(Duration.ofSeconds(-1), false)).isInstanceOf(ValidationException.class);
  }

  @Test
  void rejects_due_times_no_database_can_store() {
    assertThatThrownBy(() -> TaskSpec.builder("T").runAt(Instant.MAX).build())
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("runAt"));
    TaskId id = queue.enqueue(spec("T"));
    assertThatThrownBy(() -> queue.reschedule(id, Instant.parse("+20000-01-01T00:00:00Z")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("runAt"));
    assertThat(task(id).runAt()).isEqualTo(T0);
  }

  @Test
  void rejects_nul_characters_that_no_json_text_contains() {
    assertThatThrownBy(() -> TaskSpec.of("T", "{\"a\":\"\u0000\"}"))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("payload"));
    TaskId id = queue.enqueue(TaskSpec.of("T", "{\"a\":\"\\u0000\"}")); // the escaped form is fine
    assertThat(task(id).payload()).isEqualTo("{\"a\":\"\\u0000\"}");
  }

  @Test
  void rejects_leases_longer_than_a_week() {
    queue.enqueue(spec("T"));
    assertThatThrownBy(() -> queue.claim("w", 1, Duration.ofDays(8)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("lease"));
    ClaimedTask c = claimOne("w");
    assertThatThrownBy(() -> queue.extendLease(c, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("extension"));
  }

  @Test
  void a_huge_retry_after_waits_at_most_a_year_and_a_huge_purge_age_deletes_nothing_recent() {
    TaskId id = queue.enqueue(spec("T"));
    queue.fail(claimOne("w"), new Failure("later", null, true, Duration.ofSeconds(Long.MAX_VALUE)));
    assertThat(task(id).runAt()).isEqualTo(T0.plus(Duration.ofDays(365)));
    assertThat(queue.purge(Duration.ofSeconds(Long.MAX_VALUE), true)).isZero();
  }

  private static List<String> fields(Throwable e) {
    return ((ValidationException) e).errors().stream().map(ValidationException.FieldError::field).toList();
  }
}
