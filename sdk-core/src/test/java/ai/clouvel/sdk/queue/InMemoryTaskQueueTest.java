package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.LeaseLostException;
import ai.clouvel.sdk.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The task queue contract against {@link InMemoryTaskQueue}, plus what is particular to it: tasks
 * enqueued one by one wait on a lock-free staging stack until the next claim (or any operation that
 * needs the heaps) moves them, completes leave lease positions behind to be dropped lazily, and
 * many producers and claimers run at once.
 */
class InMemoryTaskQueueTest extends TaskQueueContractTest {

  @Override
  protected TaskQueue createQueue(Clock clock, RetryPolicy retryPolicy, int maxPayloadBytes) {
    return InMemoryTaskQueue.builder().clock(clock).retryPolicy(retryPolicy).maxPayloadBytes(maxPayloadBytes).build();
  }

  @Test
  void a_system_clock_gives_whole_milliseconds_near_the_system_time_and_any_other_clock_its_own_instants() {
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    for (Clock system : List.of(Clock.systemUTC(), Clock.systemDefaultZone())) {
      InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(system).build();
      TaskId id = q.enqueue(TaskSpec.of("T"));
      q.complete(q.claim("w", 1, LEASE).get(0));
      Task done = q.find(id).orElseThrow();
      for (Instant t : List.of(done.createdAt(), done.runAt(), done.updatedAt())) {
        // A reading may lag the system clock by about a millisecond; a second covers a loaded build.
        assertThat(t).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(t.getNano() % 1_000_000).as("sub-millisecond part of " + t).isZero();
      }
    }

    Instant exact = Instant.parse("2026-03-01T12:00:00.123456789Z");
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(new SettableClock(exact)).build();
    TaskId id = q.enqueue(TaskSpec.of("T"));
    ClaimedTask c = q.claim("w", 1, LEASE).get(0);
    assertThat(c.leaseExpiresAt()).isEqualTo(exact.plus(LEASE));
    q.complete(c);
    assertThat(q.find(id).orElseThrow().updatedAt()).isEqualTo(exact);
  }

  @Test
  void eight_workers_with_retries_and_cancels_succeed_each_task_at_most_once_and_leave_none_behind()
      throws Exception {
    int tasks = 20_000;
    InMemoryTaskQueue q = InMemoryTaskQueue.create();
    List<TaskId> ids = q.enqueueAll(IntStream.range(0, tasks)
        .mapToObj(i -> TaskSpec.builder("T").priority(i % 4).build()).toList());
    Map<TaskId, AtomicInteger> successes = new ConcurrentHashMap<>();
    AtomicInteger lost = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      List<Future<?>> futures = new ArrayList<>();
      futures.add(pool.submit(() -> { // cancels 2 % of the tasks while they are queued or running
        for (int i = 0; i < tasks / 50; i++) {
          q.cancel(ids.get(ThreadLocalRandom.current().nextInt(tasks)));
        }
        return null;
      }));
      for (int w = 0; w < 8; w++) {
        String worker = "w" + w;
        futures.add(pool.submit(() -> {
          while (true) {
            List<ClaimedTask> batch = q.claim(worker, 16, Duration.ofMinutes(1));
            if (batch.isEmpty()) {
              QueueStats s = q.stats();
              if (s.count(TaskStatus.QUEUED) + s.count(TaskStatus.RUNNING) == 0) {
                return null;
              }
              Thread.onSpinWait();
              continue;
            }
            List<ClaimedTask> done = new ArrayList<>();
            for (ClaimedTask c : batch) {
              if (ThreadLocalRandom.current().nextInt(10) == 0) { // 10 % fail and are due again at once
                q.fail(c, new Failure("flaky", null, true, Duration.ZERO));
              } else {
                done.add(c);
              }
            }
            List<ClaimedTask> lostNow = q.completeAll(done);
            lost.addAndGet(lostNow.size());
            done.removeAll(lostNow);
            for (ClaimedTask c : done) {
              successes.computeIfAbsent(c.id(), id -> new AtomicInteger()).incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    QueueStats stats = q.stats();
    assertThat(lost).hasValue(0);
    assertThat(successes.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(stats.count(TaskStatus.SUCCEEDED)).isEqualTo(successes.size());
    assertThat(stats.count(TaskStatus.SUCCEEDED) + stats.count(TaskStatus.CANCELLED) + stats.count(TaskStatus.DEAD))
        .isEqualTo(tasks);
    assertThat(stats.count(TaskStatus.CANCELLED)).isPositive();
    for (TaskId id : ids) {
      Task t = q.find(id).orElseThrow();
      assertThat(t.status().isFinal()).as("task %s is finished", id).isTrue();
      assertThat(t.status() == TaskStatus.SUCCEEDED).isEqualTo(successes.containsKey(id));
    }
  }

  @Test
  void a_task_enqueued_alone_is_claimed_by_the_next_claim_in_priority_order_with_batched_tasks() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).build();
    q.enqueueAll(List.of(TaskSpec.builder("T").priority(1).build(), TaskSpec.builder("T").priority(3).build()));
    TaskId staged = q.enqueue(TaskSpec.builder("T").priority(2).build()); // staged, not yet in a heap
    TaskId stagedTop = q.enqueue(TaskSpec.builder("T").priority(9).build());

    List<ClaimedTask> claimed = q.claim("w", 10, LEASE);

    assertThat(claimed).extracting(c -> c.task().priority()).containsExactly(9, 3, 2, 1);
    assertThat(claimed.get(0).id()).isEqualTo(stagedTop);
    assertThat(claimed.get(2).id()).isEqualTo(staged);
  }

  @Test
  void claims_follow_priority_due_time_and_id_across_in_order_and_out_of_order_arrivals() {
    // Tasks due at once in enqueue order join the sorted run; earlier due times, higher
    // priorities, retries and cancels go through the heap. The claim order must be the same.
    Instant start = clock.instant();
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).build();
    java.util.Random random = new java.util.Random(42);
    java.util.TreeMap<String, TaskId> model = new java.util.TreeMap<>(); // claim order -> task
    Map<TaskId, String> keys = new java.util.HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      int op = random.nextInt(10);
      if (op < 5) {
        int priority = random.nextInt(10) < 8 ? 0 : random.nextInt(3);
        Instant runAt = random.nextInt(10) < 7 ? null : start.minusSeconds(random.nextInt(1000));
        TaskSpec spec = TaskSpec.builder("T").priority(priority).runAt(runAt).build();
        TaskId id = random.nextBoolean() ? q.enqueue(spec) : q.enqueueAll(List.of(spec)).get(0);
        Task t = q.find(id).orElseThrow();
        String key = String.format("%03d/%020d/%020d", 100 - t.priority(),
            t.runAt().toEpochMilli() - start.toEpochMilli() + 10_000_000L, id.value());
        model.put(key, id);
        keys.put(id, key);
      } else if (op < 9) {
        List<ClaimedTask> claimed = q.claim("w", 1 + random.nextInt(3), LEASE);
        for (ClaimedTask c : claimed) {
          assertThat(c.id()).as("step %d", step).isEqualTo(model.pollFirstEntry().getValue());
          keys.remove(c.id());
          q.complete(c);
        }
        if (claimed.isEmpty()) {
          assertThat(model).isEmpty();
        }
      } else if (!keys.isEmpty()) {
        TaskId id = keys.keySet().iterator().next();
        assertThat(q.cancel(id)).isTrue();
        model.remove(keys.remove(id));
      }
      if (step % 100 == 0) {
        clock.advance(Duration.ofMillis(1));
      }
    }
  }

  @Test
  void tasks_enqueued_by_many_threads_at_once_are_claimed_in_claim_order() throws Exception {
    // The staging stack holds them in push order, which differs from claim order wherever one
    // thread read the clock before another but pushed after it; the next claim sorts them.
    InMemoryTaskQueue q = InMemoryTaskQueue.create();
    q.enqueue(TaskSpec.of("T"));
    q.complete(q.claim("w", 1, LEASE).get(0)); // nothing staged, an empty run
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 5_000; i++) {
            q.enqueue(TaskSpec.builder("T").priority(i % 7 == 0 ? 1 : 0).build());
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Task> claimed = new ArrayList<>();
    for (List<ClaimedTask> batch = q.claim("w", 1000, LEASE); !batch.isEmpty(); batch = q.claim("w", 1000, LEASE)) {
      batch.forEach(c -> claimed.add(c.task()));
    }

    assertThat(claimed).hasSize(20_000).isSortedAccordingTo(java.util.Comparator
        .comparingInt((Task t) -> -t.priority()).thenComparing(Task::runAt).thenComparing(Task::id));
  }

  @Test
  void a_staged_task_can_be_found_cancelled_and_rescheduled_before_any_claim() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).build();
    TaskId cancelled = q.enqueue(TaskSpec.builder("T").uniqueKey("k").build());
    TaskId later = q.enqueue(TaskSpec.of("T"));
    TaskId due = q.enqueue(TaskSpec.builder("T").runAt(T0.plusSeconds(60)).build());

    assertThat(q.find(cancelled).orElseThrow().status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(q.cancel(cancelled)).isTrue();
    assertThat(q.reschedule(later, T0.plusSeconds(30))).isTrue();
    assertThat(q.reschedule(later, T0.plusSeconds(40))).isTrue(); // twice while staged: placed once
    assertThat(q.reschedule(due, T0.minusSeconds(1))).isTrue();
    TaskId again = q.enqueue(TaskSpec.builder("T").uniqueKey("k").build());
    assertThat(again).isNotEqualTo(cancelled);

    assertThat(q.claim("w", 10, Duration.ofHours(1))).extracting(ClaimedTask::id).containsExactly(due, again);
    clock.advance(Duration.ofSeconds(40));
    assertThat(q.claim("w", 10, Duration.ofHours(1))).extracting(ClaimedTask::id).containsExactly(later);
    assertThat(q.claim("w", 10, Duration.ofHours(1))).isEmpty();
    assertThat(q.find(cancelled).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void completed_tasks_leave_no_lease_behind_that_recovery_would_act_on() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).build();
    int n = 1_000; // several lease-heap compactions
    q.enqueueAll(IntStream.range(0, n).mapToObj(i -> TaskSpec.of("T")).toList());
    List<ClaimedTask> running = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ClaimedTask c = q.claim("w", 1, LEASE).get(0);
      if (i % 100 == 0) {
        running.add(c); // kept running
      } else {
        q.complete(c);
      }
    }
    clock.advance(LEASE);

    List<ClaimedTask> again = q.claim("w2", n, LEASE);

    assertThat(again).extracting(ClaimedTask::id).containsExactlyInAnyOrderElementsOf(
        running.stream().map(ClaimedTask::id).toList());
    assertThat(again).allSatisfy(c -> assertThat(c.attempt()).isEqualTo(2));
    QueueStats stats = q.stats();
    assertThat(stats.count(TaskStatus.SUCCEEDED)).isEqualTo(n - running.size());
    assertThat(stats.count(TaskStatus.RUNNING)).isEqualTo(running.size());
  }

  @Test
  void an_extended_lease_is_recovered_at_its_new_expiry_among_many_leases() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).build();
    q.enqueueAll(IntStream.range(0, 50).mapToObj(i -> TaskSpec.of("T")).toList());
    List<ClaimedTask> all = q.claim("w", 50, LEASE);
    ClaimedTask extended = q.extendLease(all.get(0), LEASE.multipliedBy(3)).orElseThrow();
    for (ClaimedTask c : all.subList(1, 50)) {
      assertThat(q.release(c)).isTrue();
    }
    assertThat(q.claim("x", 100, LEASE)).hasSize(49);

    clock.advance(LEASE); // the 49 expire; the extended one does not
    assertThat(q.claim("y", 100, LEASE)).hasSize(49).extracting(ClaimedTask::id).doesNotContain(extended.id());
    clock.advance(LEASE.multipliedBy(2));
    assertThat(q.claim("z", 100, Duration.ofHours(1))).extracting(ClaimedTask::id).contains(extended.id());
  }

  @Test
  void due_times_after_2262_keep_their_order_and_precision() {
    SettableClock far = new SettableClock(Instant.parse("9999-01-01T00:00:00Z"));
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(far).build();
    TaskId second = q.enqueue(TaskSpec.builder("T").runAt(Instant.parse("9998-06-01T00:00:00.000000002Z")).build());
    TaskId first = q.enqueue(TaskSpec.builder("T").runAt(Instant.parse("9998-06-01T00:00:00.000000001Z")).build());
    TaskId later = q.enqueue(TaskSpec.builder("T").runAt(Instant.parse("9999-06-01T00:00:00Z")).build());

    List<ClaimedTask> claimed = q.claim("w", 10, LEASE);
    assertThat(claimed).extracting(ClaimedTask::id).containsExactly(first, second);
    assertThat(q.completeAll(claimed)).isEmpty();
    assertThat(q.find(first).orElseThrow().runAt()).isEqualTo(Instant.parse("9998-06-01T00:00:00.000000001Z"));
    far.set(Instant.parse("9999-06-01T00:00:00Z"));
    assertThat(q.claim("w", 10, LEASE)).extracting(ClaimedTask::id).containsExactly(later);
  }

  @Test
  void four_producers_and_four_claimers_run_every_task_exactly_once() throws Exception {
    int producers = 4;
    int perProducer = 5_000;
    InMemoryTaskQueue q = InMemoryTaskQueue.create();
    Map<TaskId, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger lost = new AtomicInteger();
    AtomicInteger producing = new AtomicInteger(producers);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perProducer; i++) {
            if (i % 100 == 0) { // some batches too
              q.enqueueAll(List.of(TaskSpec.builder("T").priority(producer).build(), TaskSpec.of("T")));
              i++;
            } else {
              q.enqueue(TaskSpec.builder("T").priority(i % 3).build());
            }
          }
          producing.decrementAndGet();
          return null;
        }));
      }
      for (int w = 0; w < 4; w++) {
        String worker = "w" + w;
        futures.add(pool.submit(() -> {
          start.await();
          while (true) {
            boolean done = producing.get() == 0; // read before the claim: an empty claim then means no work
            List<ClaimedTask> batch = q.claim(worker, 1 + ThreadLocalRandom.current().nextInt(4), LEASE);
            if (batch.isEmpty()) {
              if (done) {
                return null;
              }
              Thread.onSpinWait();
              continue;
            }
            for (ClaimedTask c : batch) {
              runs.computeIfAbsent(c.id(), id -> new AtomicInteger()).incrementAndGet();
              try {
                q.complete(c);
              } catch (LeaseLostException e) {
                lost.incrementAndGet();
              }
            }
          }
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(lost).hasValue(0);
    assertThat(runs).hasSize(producers * perProducer);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    QueueStats stats = q.stats();
    assertThat(stats.count(TaskStatus.SUCCEEDED)).isEqualTo(producers * perProducer);
    assertThat(stats.count(TaskStatus.QUEUED) + stats.count(TaskStatus.RUNNING)).isZero();
  }

  @Test
  void a_late_complete_never_ends_a_newer_attempt_of_the_same_worker_name() throws Exception {
    // Leases of 1 ms run out all the time, so tasks are claimed again (by the same worker name)
    // while earlier attempts are still completing: only the attempt that holds the task may end it.
    int tasks = 2_000;
    InMemoryTaskQueue q = InMemoryTaskQueue.create();
    q.enqueueAll(IntStream.range(0, tasks).mapToObj(i -> TaskSpec.builder("T").maxAttempts(1_000).build()).toList());
    Map<TaskId, Integer> completedAttempt = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        futures.add(pool.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          while (completedAttempt.size() < tasks) {
            List<ClaimedTask> claimed = q.claim("w", 1, Duration.ofMillis(1));
            if (claimed.isEmpty()) {
              Thread.onSpinWait();
              continue;
            }
            ClaimedTask c = claimed.get(0);
            long spin = System.nanoTime() + random.nextLong(1_500_000);
            while (System.nanoTime() < spin) {
              Thread.onSpinWait();
            }
            try {
              q.complete(c);
              assertThat(completedAttempt.put(c.id(), c.attempt())).as("completed twice: %s", c.id()).isNull();
            } catch (LeaseLostException expected) {
              // another attempt holds it now, or it ended
            }
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
    completedAttempt.forEach((id, attempt) -> {
      Task t = q.find(id).orElseThrow();
      assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(t.attempts()).as("task %s", id).isEqualTo(attempt);
    });
  }

  @Test
  void purging_whole_pages_of_finished_tasks_keeps_the_newer_tasks_usable() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).build();
    int n = 3 * 1024;
    q.enqueueAll(IntStream.range(0, n).mapToObj(i -> TaskSpec.of("T")).toList());
    assertThat(q.completeAll(q.claim("w", n, LEASE))).isEmpty();
    TaskId kept = q.enqueue(TaskSpec.of("T"));
    clock.advance(Duration.ofMinutes(1));

    assertThat(q.purge(Duration.ofSeconds(1), false)).isEqualTo(n);

    assertThat(q.find(kept)).isPresent();
    assertThat(q.list(TaskFilter.all())).extracting(Task::id).containsExactly(kept);
    assertThat(q.claim("w", 10, LEASE)).extracting(ClaimedTask::id).containsExactly(kept);
  }

  @Test
  void only_the_newest_succeeded_tasks_stay_readable_up_to_the_retention() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).retainSucceeded(1000).build();
    int n = 5 * 1024;
    List<TaskId> ids = q.enqueueAll(IntStream.range(0, n).mapToObj(i -> TaskSpec.of("T" + i % 3)).toList());
    for (int i = 0; i < n; i++) { // one by one, so the ring grows by doubling and then wraps
      clock.advance(Duration.ofMillis(1));
      q.complete(q.claim("w", 1, LEASE).get(0));
    }

    assertThat(ids.subList(0, n - 1000)).allSatisfy(id -> assertThat(q.find(id)).isEmpty());
    assertThat(ids.subList(n - 1000, n)).allSatisfy(id -> assertThat(q.find(id).orElseThrow().status())
        .isEqualTo(TaskStatus.SUCCEEDED));
    assertThat(q.find(ids.get(n - 1)).orElseThrow().type()).isEqualTo("T" + (n - 1) % 3);
    assertThat(q.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(1000);
    assertThat(q.stats().byType().values().stream().mapToLong(m -> m.get(TaskStatus.SUCCEEDED)).sum()).isEqualTo(1000);
    assertThat(q.list(TaskFilter.all().page(0, 1000))).hasSize(1000).first().extracting(Task::id).isEqualTo(ids.get(n - 1));
    assertThat(q.list(TaskFilter.all().page(999, 1000))).extracting(Task::id).containsExactly(ids.get(n - 1000));

    clock.advance(Duration.ofMinutes(1));
    TaskId fresh = q.enqueue(TaskSpec.of("T"));
    q.complete(q.claim("w", 1, LEASE).get(0));
    assertThat(q.purge(Duration.ofSeconds(30), false)).isEqualTo(999); // the fresh one pushed out the oldest; the rest are old
    assertThat(q.find(fresh)).isPresent();
    assertThat(q.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(1);
  }

  @Test
  void a_queue_that_runs_on_and_on_holds_only_the_retained_tasks_pages() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).retainSucceeded(2000).build();
    for (int i = 0; i < 50 * 1024; i++) {
      q.enqueue(TaskSpec.of("T"));
      q.complete(q.claim("w", 1, LEASE).get(0));
    }

    assertThat(q.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(2000);
    assertThat(q.idTablePages()).isBetween(2, 4); // 2,000 ids span 2-3 pages, plus one not yet counted free
  }

  @Test
  void with_no_retention_a_task_is_gone_once_it_succeeds() {
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(clock).retainSucceeded(0).build();
    TaskId id = q.enqueue(TaskSpec.builder("T").uniqueKey("u").build());
    ClaimedTask claimed = q.claim("w", 1, LEASE).get(0);

    q.complete(claimed);

    assertThat(q.find(id)).isEmpty();
    assertThat(q.stats().count(TaskStatus.SUCCEEDED)).isZero();
    assertThatThrownBy(() -> q.complete(claimed)).isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("no longer exists");
    assertThat(q.enqueue(TaskSpec.builder("T").uniqueKey("u").build())).isNotEqualTo(id); // the key was freed
  }

  @Test
  void a_retention_out_of_range_is_refused_naming_the_option() {
    assertThatThrownBy(() -> InMemoryTaskQueue.builder().retainSucceeded(-1))
        .isInstanceOf(ai.clouvel.sdk.exception.ValidationException.class).hasMessageContaining("retainSucceeded");
    assertThatThrownBy(() -> InMemoryTaskQueue.builder().retainSucceeded(InMemoryTaskQueue.MAX_RETAIN_SUCCEEDED + 1))
        .isInstanceOf(ai.clouvel.sdk.exception.ValidationException.class).hasMessageContaining("retainSucceeded");
  }

  @Test
  void a_succeeded_task_keeps_every_field_once_moved_out_of_its_entry() {
    Instant far = Instant.parse("9000-01-01T00:00:00.123456789Z");
    SettableClock farClock = new SettableClock(far.plusNanos(1));
    InMemoryTaskQueue q = InMemoryTaskQueue.builder().clock(farClock).retryPolicy(RETRY).build();
    TaskId id = q.enqueue(TaskSpec.builder("SPONSORED_POST").payload("{\"a\":1}").priority(4).maxAttempts(3)
        .uniqueKey("u").accountId("acme").runAt(far).build());
    q.fail(q.claim("w", 1, LEASE).get(0), new Failure("flaky", null, true, Duration.ZERO));
    ClaimedTask second = q.claim("w2", 1, LEASE).get(0);
    q.cancel(id);
    farClock.advance(Duration.ofSeconds(3));
    Task running = q.find(id).orElseThrow();

    q.complete(second);

    Task done = q.find(id).orElseThrow();
    assertThat(done).isEqualTo(new Task(id, "acme", "SPONSORED_POST", "{\"a\":1}", 4, TaskStatus.SUCCEEDED, running.runAt(), 2, 3,
        "u", running.createdAt(), farClock.instant(), "flaky", null, null, true));
    assertThat(done.createdAt()).isEqualTo(far.plusNanos(1));
    assertThat(done.runAt()).isEqualTo(far.plusNanos(1)); // due again at once after the failure
    assertThat(q.list(TaskFilter.all().withStatuses(TaskStatus.SUCCEEDED).withAccount("acme").withTypes("SPONSORED_POST")))
        .containsExactly(done);
    assertThat(q.list(TaskFilter.all().withAccount("other"))).isEmpty();
    assertThat(q.stats().byType().get("SPONSORED_POST")).containsEntry(TaskStatus.SUCCEEDED, 1L);
    assertThat(q.enqueue(TaskSpec.builder("T").uniqueKey("u").accountId("acme").build())).isNotEqualTo(id);
    assertThatThrownBy(() -> q.complete(second)).isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("SUCCEEDED");
    assertThat(q.cancel(id)).isFalse();
    assertThat(q.release(second)).isFalse();
    assertThat(q.extendLease(second, LEASE)).isEmpty();
    assertThat(q.reschedule(id, far)).isFalse();
    assertThat(q.requeueDead(id)).isFalse();

    assertThat(q.purge(Duration.ofSeconds(1), false)).isZero();
    farClock.advance(Duration.ofSeconds(2));
    assertThat(q.purge(Duration.ofSeconds(1), false)).isEqualTo(1);
    assertThat(q.find(id)).isEmpty();
    assertThat(q.stats().count(TaskStatus.SUCCEEDED)).isZero();
  }
}
