package ai.clouvel.sdk.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ProviderRateLimitException;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.RetryPolicy;
import ai.clouvel.sdk.queue.Task;
import ai.clouvel.sdk.queue.TaskFilter;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.queue.TaskSpec;
import ai.clouvel.sdk.queue.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link TaskWorker} against a real queue; extended once per queue
 * implementation.
 */
abstract class AbstractTaskWorkerTest {
  /** Retries after 1 to 5 ms, so retry tests take milliseconds. */
  static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0);
  static final Duration WAIT = Duration.ofSeconds(10);

  protected TaskQueue queue;
  private final List<TaskWorker> workers = new ArrayList<>();

  /** A new, empty queue retrying with {@code retry}. */
  protected abstract TaskQueue newQueue(RetryPolicy retry) throws Exception;

  /** Releases what {@link #newQueue} created. */
  protected void closeQueue(TaskQueue q) throws Exception {
    q.close();
  }

  @BeforeEach
  void setUpQueue() throws Exception {
    queue = newQueue(FAST_RETRY);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (TaskWorker w : workers) {
      w.close();
    }
    closeQueue(queue);
  }

  /** A started worker on {@link #queue} with a short grace, adjusted by {@code options}. */
  TaskWorker startWorker(UnaryOperator<TaskWorker.Builder> options) {
    return startWorker(queue, options);
  }

  TaskWorker startWorker(TaskQueue q, UnaryOperator<TaskWorker.Builder> options) {
    TaskWorker w = options.apply(TaskWorker.builder(q).shutdownGrace(Duration.ofSeconds(2))).build();
    workers.add(w);
    return w.start();
  }

  Task task(TaskId id) {
    return queue.find(id).orElseThrow();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Timed out after " + WAIT + " waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  void awaitStatus(TaskId id, TaskStatus status) throws InterruptedException {
    await("task " + id + " is " + status, () -> task(id).status() == status);
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void handler_runs_and_task_succeeds() throws Exception {
    List<String> payloads = new CopyOnWriteArrayList<>();
    TaskWorker worker = startWorker(b -> b.name("w1").handler("ECHO", ctx -> payloads.add(ctx.payload())));
    TaskId id = queue.enqueue(TaskSpec.of("ECHO", "{\"n\":1}"));

    assertThat(worker.drain(WAIT)).isTrue();

    assertThat(payloads).containsExactly("{\"n\":1}");
    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(worker.inFlight()).isZero();
  }

  @Test
  void many_tasks_all_succeed_exactly_once() throws Exception {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskWorker worker = startWorker(b -> b.concurrency(8)
        .handler("COUNT", ctx -> runs.computeIfAbsent(ctx.payload(), k -> new AtomicInteger()).incrementAndGet()));
    List<TaskSpec> specs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      specs.add(TaskSpec.of("COUNT", "{\"i\":" + i + "}"));
    }
    List<TaskId> ids = queue.enqueueAll(specs);

    assertThat(worker.drain(Duration.ofSeconds(60))).isTrue();

    assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(100);
    assertThat(runs).hasSize(100);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(task(ids.get(99)).attempts()).isEqualTo(1);
  }

  @Test
  void failing_handler_is_retried_then_dead_with_its_error_kept() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    startWorker(b -> b.handler("FLAKY", ctx -> {
      throw new IllegalStateException("upstream said no, call " + calls.incrementAndGet());
    }));
    TaskId id = queue.enqueue(TaskSpec.builder("FLAKY").maxAttempts(3).build());

    awaitStatus(id, TaskStatus.DEAD);

    Task t = task(id);
    assertThat(t.attempts()).isEqualTo(3);
    assertThat(calls).hasValue(3);
    assertThat(t.lastError()).contains("upstream said no, call 3");
  }

  @Test
  void non_retryable_exception_sends_task_dead_at_once() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RecordingListener events = new RecordingListener();
    TaskWorker worker = startWorker(b -> b.listener(events).handler("BAD", ctx -> {
      calls.incrementAndGet();
      throw new ClouvelException("payload has no community");
    }));
    TaskId id = queue.enqueue(TaskSpec.builder("BAD").maxAttempts(5).build());

    awaitStatus(id, TaskStatus.DEAD);
    assertThat(worker.drain(WAIT)).isTrue();

    assertThat(calls).hasValue(1);
    assertThat(task(id).attempts()).isEqualTo(1);
    assertThat(task(id).lastError()).contains("payload has no community");
    assertThat(events.of(id)).containsExactly("claimed", "started", "failed final", "dead");
  }

  @Test
  void unknown_type_is_dead_with_a_message_naming_it_and_the_registered_types() throws Exception {
    TaskWorker worker = startWorker(b -> b.name("typed").handler("B_TYPE", ctx -> {}).handler("A_TYPE", ctx -> {}));
    TaskId id = queue.enqueue(TaskSpec.builder("MYSTERY").maxAttempts(5).build());

    assertThat(worker.drain(WAIT)).isTrue();

    Task t = task(id);
    assertThat(t.status()).isEqualTo(TaskStatus.DEAD);
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(t.lastError()).contains("'MYSTERY'", "'typed'", "[A_TYPE, B_TYPE]");
  }

  @Test
  void rate_limited_provider_retries_no_sooner_than_its_reset() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Instant> resetAt = new AtomicReference<>();
    startWorker(b -> b.handler("POST", ctx -> {
      if (calls.incrementAndGet() == 1) {
        resetAt.set(Instant.now().plusMillis(600));
        throw new ProviderRateLimitException("x", "slow down", 429, "POST /2/tweets", "req-1", resetAt.get(), null);
      }
    }));
    TaskId id = queue.enqueue(TaskSpec.of("POST"));

    await("the first attempt failed", () -> calls.get() == 1 && task(id).status() == TaskStatus.QUEUED);
    Task retried = task(id);
    // The queue's own backoff is 1 to 5 ms; the provider's reset wins.
    assertThat(retried.runAt()).isAfter(resetAt.get().minusMillis(100));
    assertThat(retried.lastError()).contains("slow down");
    awaitStatus(id, TaskStatus.SUCCEEDED);
    assertThat(Instant.now()).isAfterOrEqualTo(resetAt.get().minusMillis(100));
    assertThat(calls).hasValue(2);
  }

  @Test
  void never_runs_more_handlers_than_its_concurrency_or_type_limits() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger slowRunning = new AtomicInteger();
    AtomicInteger maxSlowRunning = new AtomicInteger();
    TaskHandler fast = ctx -> {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(15); // some work
      } finally {
        running.decrementAndGet();
      }
    };
    TaskHandler slow = ctx -> {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      maxSlowRunning.accumulateAndGet(slowRunning.incrementAndGet(), Math::max);
      try {
        Thread.sleep(15);
      } finally {
        slowRunning.decrementAndGet();
        running.decrementAndGet();
      }
    };
    TaskWorker worker = startWorker(b -> b.concurrency(3).handler("FAST", fast).handler("SLOW", slow).typeLimit("SLOW", 1));
    List<TaskSpec> specs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      specs.add(TaskSpec.of(i % 2 == 0 ? "FAST" : "SLOW"));
    }
    queue.enqueueAll(specs);

    await("all tasks succeeded", () -> queue.stats().count(TaskStatus.SUCCEEDED) == 12);
    assertThat(worker.drain(WAIT)).isTrue();

    assertThat(maxRunning.get()).isBetween(2, 3);
    assertThat(maxSlowRunning).hasValue(1);
    // Tasks given back at the type limit were not charged an attempt.
    assertThat(queue.list(TaskFilter.all())).hasSize(12).allSatisfy(t -> assertThat(t.attempts()).isEqualTo(1));
  }

  @Test
  void fills_every_free_slot_in_one_claim() throws Exception {
    List<Integer> claimMax = new CopyOnWriteArrayList<>();
    List<Integer> claimedSizes = new CopyOnWriteArrayList<>();
    TaskQueue counting = new ForwardingTaskQueue(queue) {
      @Override
      public List<ClaimedTask> claim(String worker, int max, Duration lease) {
        List<ClaimedTask> got = super.claim(worker, max, lease);
        claimMax.add(max);
        if (!got.isEmpty()) {
          claimedSizes.add(got.size());
        }
        return got;
      }
    };
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    queue.enqueueAll(List.of(TaskSpec.of("JOB"), TaskSpec.of("JOB"), TaskSpec.of("JOB"), TaskSpec.of("JOB"),
        TaskSpec.of("JOB"), TaskSpec.of("JOB"), TaskSpec.of("JOB")));
    TaskWorker worker = startWorker(counting, b -> b.concurrency(5).handler("JOB", ctx -> {
      running.incrementAndGet();
      finish.await();
    }));

    await("five handlers run", () -> running.get() == 5);
    assertThat(claimedSizes.get(0)).isEqualTo(5);
    finish.countDown();
    assertThat(worker.drain(WAIT)).isTrue();
    assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(7);
    assertThat(claimMax).allSatisfy(max -> assertThat(max).isBetween(1, 5));
  }

  @Test
  void tasks_finishing_together_are_completed_in_one_batch() throws Exception {
    AtomicReference<TaskWorker> started = new AtomicReference<>();
    List<Integer> callSizes = new CopyOnWriteArrayList<>(); // 1 for complete, n for completeAll
    TaskQueue counting = new ForwardingTaskQueue(queue) {
      /** Holds the first call until every other success is waiting for the next batch. */
      private void recordCall(int size) {
        callSizes.add(size);
        if (callSizes.size() == 1) {
          try {
            await("the other successes waiting", () -> started.get() != null
                && started.get().pendingCompletions() == 4 - size);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }

      @Override
      public void complete(ClaimedTask task) {
        recordCall(1);
        super.complete(task);
      }

      @Override
      public List<ClaimedTask> completeAll(List<ClaimedTask> tasks) {
        recordCall(tasks.size());
        return super.completeAll(tasks);
      }
    };
    CountDownLatch allStarted = new CountDownLatch(4);
    queue.enqueueAll(List.of(TaskSpec.of("JOB"), TaskSpec.of("JOB"), TaskSpec.of("JOB"), TaskSpec.of("JOB")));
    TaskWorker worker = startWorker(counting, b -> b.concurrency(4).handler("JOB", ctx -> {
      allStarted.countDown();
      allStarted.await();
    }));
    started.set(worker);

    await("four tasks succeeded", () -> queue.stats().count(TaskStatus.SUCCEEDED) == 4);
    assertThat(worker.drain(WAIT)).isTrue();

    // The first success is recorded alone (or with any that arrived with it); all that finished
    // while it was being recorded go in the next call, together.
    assertThat(callSizes).hasSize(2);
    assertThat(callSizes.get(0) + callSizes.get(1)).isEqualTo(4);
  }

  @Test
  void wakes_at_once_when_a_task_is_enqueued() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    // Polling alone would take at least 5 s to see the task.
    TaskWorker worker = startWorker(b -> b.pollInterval(Duration.ofSeconds(5), Duration.ofSeconds(10))
        .handler("PING", ctx -> ran.countDown()));
    assertThat(worker.drain(WAIT)).isTrue(); // the worker has claimed, found nothing, and sleeps

    long start = System.nanoTime();
    queue.enqueue(TaskSpec.of("PING"));
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();

    // Well under the 5 s the worker waits before polling again (a generous bound for a busy machine).
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void a_returned_handler_frees_its_slot_while_its_success_is_recorded_with_at_most_twice_the_concurrency_in_flight()
      throws Exception {
    CountDownLatch recordingMayEnd = new CountDownLatch(1);
    AtomicInteger recordings = new AtomicInteger();
    AtomicInteger claims = new AtomicInteger();
    TaskQueue slowToRecord = new ForwardingTaskQueue(queue) {
      @Override
      public List<ClaimedTask> claim(String worker, int max, Duration lease) {
        List<ClaimedTask> claimed = super.claim(worker, max, lease);
        if (!claimed.isEmpty()) {
          claims.incrementAndGet();
        }
        return claimed;
      }

      @Override
      public void complete(ClaimedTask task) {
        hold();
        super.complete(task);
      }

      @Override
      public List<ClaimedTask> completeAll(List<ClaimedTask> tasks) {
        hold();
        return super.completeAll(tasks);
      }

      private void hold() {
        recordings.incrementAndGet();
        try {
          recordingMayEnd.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    List<String> started = new CopyOnWriteArrayList<>();
    queue.enqueueAll(List.of(TaskSpec.of("JOB", "{\"n\":1}"), TaskSpec.of("JOB", "{\"n\":2}"),
        TaskSpec.of("JOB", "{\"n\":3}")));
    TaskWorker worker = startWorker(slowToRecord, b -> b.concurrency(1).handler("JOB", ctx -> started.add(ctx.payload())));

    await("the second task ran while the first one's success is being recorded", () -> started.size() == 2);
    assertThat(recordings).hasValue(1);
    await("both are in flight", () -> worker.inFlight() == 2);
    // Nothing to await: the third task must not be claimed while twice the concurrency is in flight.
    Thread.sleep(200);
    assertThat(claims).hasValue(2);
    assertThat(started).hasSize(2);

    recordingMayEnd.countDown();
    assertThat(worker.drain(WAIT)).isTrue();
    assertThat(started).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(3);
    assertThat(worker.inFlight()).isZero();
  }

  @Test
  void claims_again_as_soon_as_a_slot_frees() throws Exception {
    AtomicInteger done = new AtomicInteger();
    TaskWorker worker = startWorker(b -> b.concurrency(1).pollInterval(Duration.ofSeconds(5), Duration.ofSeconds(10))
        .handler("STEP", ctx -> done.incrementAndGet()));
    assertThat(worker.drain(WAIT)).isTrue();

    long start = System.nanoTime();
    queue.enqueueAll(List.of(TaskSpec.of("STEP"), TaskSpec.of("STEP"), TaskSpec.of("STEP"), TaskSpec.of("STEP")));
    await("four tasks ran", () -> done.get() == 4);

    // One at a time, each next claim made when the previous one finished, not after a 5 s poll.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void renews_the_lease_of_a_long_task_so_no_other_worker_claims_it() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    RecordingListener second = new RecordingListener();
    TaskWorker first = startWorker(b -> b.name("first").lease(Duration.ofMillis(600)).handler("LONG", ctx -> {
      runs.incrementAndGet();
      release.await(); // runs for several leases
    }));
    TaskId id = queue.enqueue(TaskSpec.of("LONG"));
    await("the first worker runs it", () -> runs.get() == 1);
    Instant firstLease = task(id).leaseExpiresAt();
    startWorker(b -> b.name("second").lease(Duration.ofMillis(600)).pollInterval(Duration.ofMillis(10), Duration.ofMillis(20))
        .listener(second).handler("LONG", ctx -> runs.incrementAndGet()));

    await("the lease was renewed a few times",
        () -> task(id).leaseExpiresAt() != null && task(id).leaseExpiresAt().isAfter(firstLease.plusMillis(1200)));
    Task running = task(id);
    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(running.lockedBy()).isEqualTo("first");
    release.countDown();
    assertThat(first.drain(WAIT)).isTrue();

    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task(id).attempts()).isEqualTo(1);
    assertThat(runs).hasValue(1);
    assertThat(second.events).noneMatch(e -> e.startsWith("claimed"));
  }

  @Test
  void a_task_held_by_a_crashed_worker_runs_again_after_its_lease() throws Exception {
    TaskId id = queue.enqueue(TaskSpec.of("JOB"));
    // A worker claims it and dies: nobody completes, fails or extends this claim.
    List<ClaimedTask> crashed = queue.claim("crashed", 1, Duration.ofMillis(200));
    assertThat(crashed).hasSize(1);
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    startWorker(b -> b.name("survivor").pollInterval(Duration.ofMillis(10), Duration.ofMillis(50))
        .handler("JOB", ctx -> attempts.add(ctx.claimed().attempt())));

    awaitStatus(id, TaskStatus.SUCCEEDED);

    assertThat(attempts).containsExactly(2);
    assertThat(task(id).attempts()).isEqualTo(2);
  }

  @Test
  void cancelling_a_running_task_interrupts_its_handler() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean cancelledSeen = new AtomicBoolean();
    RecordingListener events = new RecordingListener();
    // The cancellation is seen at the next renewal, after half the lease.
    TaskWorker worker = startWorker(b -> b.lease(Duration.ofSeconds(1)).listener(events).handler("WAIT", ctx -> {
      started.countDown();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
        cancelledSeen.set(ctx.isCancelled());
        throw e;
      }
    }));
    TaskId id = queue.enqueue(TaskSpec.of("WAIT"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    assertThat(queue.cancel(id)).isTrue();
    awaitStatus(id, TaskStatus.CANCELLED);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(interrupted).isTrue();
    assertThat(cancelledSeen).isTrue();
    assertThat(worker.drain(WAIT)).isTrue();
    assertThat(events.of(id)).containsExactly("claimed", "started", "leaseLost", "cancelled");
  }

  @Test
  void a_lease_lost_while_running_is_reported_and_the_late_outcome_is_swallowed() throws Exception {
    // The first worker cannot reach the queue to extend its lease; the lease runs out and the
    // second worker runs the task. The first handler ignores the stop and returns late.
    TaskQueue unreachableForExtensions = new ForwardingTaskQueue(queue) {
      @Override
      public java.util.Optional<ClaimedTask> extendLease(ClaimedTask task, Duration extension) {
        throw new IllegalStateException("connection refused");
      }
    };
    CountDownLatch secondDone = new CountDownLatch(1);
    AtomicBoolean firstSawCancel = new AtomicBoolean();
    RecordingListener firstEvents = new RecordingListener();
    TaskWorker first = startWorker(unreachableForExtensions, b -> b.name("first").concurrency(1)
        .lease(Duration.ofMillis(400)).listener(firstEvents).handler("NEXT", ctx -> {}).handler("JOB", ctx -> {
          boolean done = false;
          while (!done) {
            try {
              done = secondDone.await(10, TimeUnit.MILLISECONDS) && ctx.isCancelled();
            } catch (InterruptedException ignored) {
              // a handler that ignores interrupts
            }
          }
          firstSawCancel.set(true);
        }));
    TaskId id = queue.enqueue(TaskSpec.of("JOB"));
    await("the first worker started it", () -> firstEvents.of(id).contains("started"));

    TaskWorker second = startWorker(b -> b.name("second").pollInterval(Duration.ofMillis(10), Duration.ofMillis(50))
        .handler("JOB", ctx -> secondDone.countDown()));
    await("the second worker finished it", () -> task(id).status() == TaskStatus.SUCCEEDED);
    await("the first handler returned", firstSawCancel::get);
    await("the first worker settled", () -> first.inFlight() == 0);

    assertThat(task(id).attempts()).isEqualTo(2);
    assertThat(firstEvents.of(id)).containsExactly("claimed", "started", "leaseLost");
    assertThat(first.isRunning()).isTrue();
    // The first worker keeps working.
    second.close();
    TaskId next = queue.enqueue(TaskSpec.of("NEXT"));
    assertThat(first.drain(WAIT)).isTrue();
    assertThat(task(next).status()).isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void a_handler_can_extend_its_own_lease() throws Exception {
    AtomicReference<Instant> before = new AtomicReference<>();
    AtomicReference<Instant> after = new AtomicReference<>();
    AtomicBoolean extended = new AtomicBoolean();
    TaskWorker worker = startWorker(b -> b.lease(Duration.ofSeconds(30)).handler("BIG", ctx -> {
      before.set(ctx.claimed().leaseExpiresAt());
      extended.set(ctx.extendLease(Duration.ofMinutes(10)));
      after.set(ctx.claimed().leaseExpiresAt());
    }));
    queue.enqueue(TaskSpec.of("BIG"));

    assertThat(worker.drain(WAIT)).isTrue();

    assertThat(extended).isTrue();
    assertThat(after.get()).isAfter(before.get().plus(Duration.ofMinutes(9)));
  }

  @Test
  void close_lets_running_handlers_finish_within_the_grace() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    TaskWorker worker = startWorker(b -> b.shutdownGrace(Duration.ofSeconds(5)).handler("JOB", ctx -> {
      started.countDown();
      Thread.sleep(200); // work that outlives the close() call
    }));
    TaskId id = queue.enqueue(TaskSpec.of("JOB"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    worker.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(task(id).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(worker.isRunning()).isFalse();
  }

  @Test
  void close_interrupts_handlers_past_the_grace_and_releases_their_tasks() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    RecordingListener events = new RecordingListener();
    TaskWorker worker = startWorker(b -> b.name("closing").concurrency(2).shutdownGrace(Duration.ofMillis(300))
        .listener(events)
        .handler("QUICK", ctx -> {
          started.countDown();
          Thread.sleep(50);
        })
        .handler("STUCK", ctx -> {
          started.countDown();
          Thread.sleep(60_000); // until interrupted
        }));
    TaskId quick = queue.enqueue(TaskSpec.of("QUICK"));
    TaskId stuck = queue.enqueue(TaskSpec.of("STUCK"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    worker.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(task(quick).status()).isEqualTo(TaskStatus.SUCCEEDED);
    Task released = task(stuck);
    assertThat(released.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(released.attempts()).isZero();
    assertThat(events.of(stuck)).containsExactly("claimed", "started", "released");
    await("the worker's threads ended", () -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("clouvel-worker-closing-") && t.isAlive()));
    assertThat(queue.enqueue(TaskSpec.of("QUICK"))).isNotNull(); // the queue stays open
  }

  @Test
  void listener_sees_each_attempt_in_order() throws Exception {
    RecordingListener events = new RecordingListener();
    AtomicInteger flakyCalls = new AtomicInteger();
    TaskWorker worker = startWorker(b -> b.concurrency(1).listener(events)
        .handler("OK", ctx -> {})
        .handler("FLAKY", ctx -> {
          if (flakyCalls.incrementAndGet() < 3) {
            throw new IllegalStateException("try again");
          }
        }));
    TaskId ok = queue.enqueue(TaskSpec.of("OK"));
    TaskId flaky = queue.enqueue(TaskSpec.builder("FLAKY").maxAttempts(3).build());

    awaitStatus(flaky, TaskStatus.SUCCEEDED);
    assertThat(worker.drain(WAIT)).isTrue();

    assertThat(events.of(ok)).containsExactly("claimed", "started", "succeeded");
    assertThat(events.of(flaky)).containsExactly(
        "claimed", "started", "failed retry",
        "claimed", "started", "failed retry",
        "claimed", "started", "succeeded");
    assertThat(events.handlerTimes).allSatisfy(d -> assertThat(d).isPositive());
  }

  @Test
  void a_throwing_listener_does_not_break_the_worker() throws Exception {
    WorkerListener throwing = new WorkerListener() {
      @Override
      public void onClaimed(ClaimedTask task) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onStarted(ClaimedTask task) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onSucceeded(ClaimedTask task, Duration handlerTime) {
        throw new AssertionError("listener bug");
      }
    };
    RecordingListener after = new RecordingListener();
    TaskWorker worker = startWorker(b -> b.listener(throwing).listener(after).handler("OK", ctx -> {}));
    TaskId a = queue.enqueue(TaskSpec.of("OK"));
    TaskId b = queue.enqueue(TaskSpec.of("OK"));

    assertThat(worker.drain(WAIT)).isTrue();

    assertThat(task(a).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task(b).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(after.of(a)).containsExactly("claimed", "started", "succeeded");
    assertThat(worker.isRunning()).isTrue();
  }

  @Test
  void a_failing_claim_is_reported_and_the_worker_keeps_polling() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    TaskQueue flaky = new ForwardingTaskQueue(queue) {
      @Override
      public List<ClaimedTask> claim(String worker, int max, Duration lease) {
        if (failuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("database restarting");
        }
        return super.claim(worker, max, lease);
      }
    };
    RecordingListener events = new RecordingListener();
    TaskId id = queue.enqueue(TaskSpec.of("OK"));
    TaskWorker worker = startWorker(flaky, b -> b.listener(events).pollInterval(Duration.ofMillis(10), Duration.ofMillis(40))
        .handler("OK", ctx -> {}));

    awaitStatus(id, TaskStatus.SUCCEEDED);

    assertThat(events.events).startsWith("queueError claim", "queueError claim");
    assertThat(worker.drain(WAIT)).isTrue();
  }
}
