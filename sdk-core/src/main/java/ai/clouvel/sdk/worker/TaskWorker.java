package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.exception.LeaseLostException;
import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Failure;
import ai.clouvel.sdk.queue.Task;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.queue.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims tasks from a {@link TaskQueue} and runs the {@link TaskHandler} registered for each task's
 * type, on a bounded pool of threads it owns.
 *
 * <pre>{@code
 * try (TaskWorker worker = TaskWorker.builder(queue)
 *     .name("worker-1")
 *     .handler("SPONSORED_POST", ctx -> pipeline.run(ctx.payload()))
 *     .handler("PUBLISH", publishHandler)
 *     .concurrency(8)
 *     .typeLimit("PUBLISH", 2)
 *     .build()
 *     .start()) {
 *   // ... the host runs; close() shuts down gracefully
 * }
 * }</pre>
 *
 * <p><b>Claiming.</b> The worker claims only as many tasks as it can start at once: the free
 * slots of its {@linkplain Builder#concurrency(int) concurrency}, and, when every registered type
 * has a {@linkplain Builder#typeLimit(String, int) type limit}, no more than the free slots of
 * those types together. It claims in one batch, so one queue round trip fills every free slot.
 * A handler that returns frees its slot at once, while its success is still being recorded (so
 * the next tasks run while the queue records the last ones), but at most twice the concurrency
 * of tasks are in flight, running or being recorded.
 * A claimed task whose type is at its limit is {@linkplain TaskQueue#release released} at once,
 * uncounted, and the worker does not claim again until a slot frees or its poll interval passes.
 * When the queue has nothing due the worker polls again after the {@linkplain
 * Builder#pollInterval(Duration, Duration) minimum poll interval}, doubling the wait up to the
 * maximum while the queue stays empty. It wakes at once when a task is enqueued in this process
 * (or the queue reports new work through {@link TaskQueue#onAvailable}) and when a running task
 * finishes and frees a slot.
 *
 * <p><b>Outcomes.</b> A handler that returns completes its task (tasks finishing together are
 * completed in one {@link TaskQueue#completeAll} call). A handler that throws fails the attempt
 * with {@link Failure#of(Throwable)}: a {@link ai.clouvel.sdk.exception.ClouvelException} that is
 * not retryable sends the task to dead at once; a {@link ProviderException} with a {@link
 * ProviderException#retryAt() retryAt} retries no sooner than that; anything else retries with the
 * queue's backoff. A claimed task of a type with no handler fails at once, not retryable, with a
 * message naming the type and the registered types.
 *
 * <p><b>Leases.</b> A background thread extends the lease of every running task once about half
 * of it is used, so a handler may run far longer than the lease. When the queue refuses an
 * extension (the lease was lost, or the task was cancelled) the handler is told to stop: {@link
 * TaskContext#isCancelled()} turns true and its thread is interrupted. Whatever it does next is
 * fenced by the queue: a {@link LeaseLostException} from completing or failing is expected and is
 * reported to {@link WorkerListener#onLeaseLost}, never thrown.
 *
 * <p><b>Shutdown.</b> {@link #close()} stops claiming, waits up to the {@linkplain
 * Builder#shutdownGrace(Duration) shutdown grace} for running handlers to finish, then interrupts
 * the rest and waits up to one more second for them: a handler that then throws has its task
 * {@linkplain TaskQueue#release released} (queued again, the attempt not counted); one that returns
 * completes it. A handler that ignores the interrupt is left running on its daemon thread and its
 * lease runs out, so the task runs again elsewhere. {@code close()} stops every thread the worker
 * created and never closes the queue.
 *
 * <p>Instances are thread-safe. A worker starts once; after {@code close()} build a new one.
 */
public final class TaskWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWorker.class);
  private static final AtomicInteger DEFAULT_NAME_COUNTER = new AtomicInteger();
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Duration STOP_WAIT = Duration.ofSeconds(1);
  private static final int MAX_COMPLETION_BATCH = 100;
  /** The error type recorded for a task whose type has no handler. */
  public static final String UNKNOWN_TYPE_ERROR = "UNKNOWN_TASK_TYPE";

  private enum State { NEW, RUNNING, STOPPING, CLOSED }

  private final TaskQueue queue;
  private final String name;
  private final Map<String, TaskHandler> handlers;
  private final Map<String, Integer> typeLimits;
  private final boolean anyTypeUnlimited;
  private final int concurrency;
  private final Duration lease;
  private final Duration minPoll;
  private final Duration maxPoll;
  private final Duration shutdownGrace;
  private final Clock clock;
  private final List<WorkerListener> listeners;

  private final ReentrantLock lock = new ReentrantLock();
  /** Wakes the poll loop. */
  private final Condition wake = lock.newCondition();
  /** Wakes {@link #drain} and {@link #close} when tasks finish or the worker becomes idle. */
  private final Condition settled = lock.newCondition();
  // Guarded by lock:
  private State state = State.NEW;
  private boolean availableSignal;
  private boolean slotSignal;
  private boolean idle;
  private final Map<TaskId, Execution> inFlight = new LinkedHashMap<>();
  /** Tasks in {@link #inFlight} whose handler returned and whose success waits to be recorded. */
  private int awaitingCompletion;
  private final Map<String, Integer> runningByType = new HashMap<>();
  private @Nullable ThreadPoolExecutor handlerPool;
  private @Nullable ScheduledExecutorService leaseRenewer;
  private @Nullable Thread poller;
  private @Nullable AutoCloseable availableRegistration;

  private final ConcurrentLinkedQueue<Success> pendingCompletions = new ConcurrentLinkedQueue<>();
  private final ReentrantLock completionLock = new ReentrantLock();

  private TaskWorker(Builder b) {
    this.queue = b.queue;
    this.name = b.name;
    this.handlers = Collections.unmodifiableMap(new TreeMap<>(b.handlers));
    this.typeLimits = Map.copyOf(b.typeLimits);
    this.anyTypeUnlimited = !typeLimits.keySet().containsAll(handlers.keySet());
    this.concurrency = b.concurrency;
    this.lease = b.lease;
    this.minPoll = b.minPoll;
    this.maxPoll = b.maxPoll;
    this.shutdownGrace = b.shutdownGrace;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
  }

  /**
   * A builder for a worker that takes its tasks from {@code queue}. The worker never closes the
   * queue.
   */
  public static Builder builder(TaskQueue queue) {
    return new Builder(queue);
  }

  /** The worker's name, recorded on the tasks it claims. */
  public String name() {
    return name;
  }

  /** The task types this worker has handlers for, sorted. */
  public Set<String> types() {
    return handlers.keySet();
  }

  /** How many handlers may run at once. */
  public int concurrency() {
    return concurrency;
  }

  /**
   * How many claimed tasks are running or have an outcome being recorded right now: at most the
   * concurrency running, and at most twice the concurrency in all.
   */
  public int inFlight() {
    lock.lock();
    try {
      return inFlight.size();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #start()} was called and {@link #close()} was not. */
  public boolean isRunning() {
    lock.lock();
    try {
      return state == State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts the worker's threads: one that polls the queue, one that renews leases, and a pool for
   * the handlers. Returns at once.
   *
   * @return this worker
   * @throws IllegalStateException when the worker was started before (a worker starts once)
   */
  public TaskWorker start() {
    lock.lock();
    try {
      if (state != State.NEW) {
        throw new IllegalStateException("TaskWorker '" + name + "' was already started"
            + (state == State.RUNNING ? " and is running" : " and is closed")
            + "; a worker can be started only once, build a new one to start again");
      }
      state = State.RUNNING;
      // One thread more than the concurrency: the thread recording a batch of completions holds no
      // slot, so it never delays the start of a handler.
      handlerPool = new ThreadPoolExecutor(concurrency + 1, concurrency + 1, 0, TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(), threads("handler"));
      leaseRenewer = Executors.newSingleThreadScheduledExecutor(threads("lease"));
      long tick = renewalTick().toMillis();
      leaseRenewer.scheduleWithFixedDelay(this::renewLeases, tick, tick, TimeUnit.MILLISECONDS);
      try {
        availableRegistration = queue.onAvailable(this::onAvailable);
      } catch (RuntimeException e) {
        LOG.warn("Worker '{}': the queue does not report new tasks ({}); polling only", name, e.toString());
      }
      Thread t = threads("poll").newThread(this::pollLoop);
      poller = t;
      t.start();
      LOG.info("Worker '{}' started: types {}, concurrency {}, lease {}", name, handlers.keySet(), concurrency, lease);
      return this;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the worker is idle: no task in flight, and a claim made after this call began
   * found nothing due. Tasks due later (including retries waiting for their backoff) are not waited
   * for. Useful for command-line runs and tests: enqueue, {@code drain}, then inspect.
   *
   * @param timeout the longest wait
   * @return {@code true} when the worker became idle, {@code false} when the timeout passed or the
   *     worker was closed first
   * @throws IllegalStateException when the worker is not running
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public boolean drain(Duration timeout) throws InterruptedException {
    if (timeout == null || timeout.isNegative()) {
      throw ValidationException.of("TaskWorker", "drain.timeout", "must not be negative");
    }
    lock.lock();
    try {
      if (state != State.RUNNING) {
        throw new IllegalStateException("TaskWorker '" + name + "' is not running; call start() before drain()");
      }
      // Force a fresh claim: only an empty claim that began after this point proves idleness.
      idle = false;
      availableSignal = true;
      wake.signalAll();
      long nanos = timeout.toNanos();
      while (!idle) {
        if (state != State.RUNNING || nanos <= 0) {
          return false;
        }
        nanos = settled.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops claiming, waits up to the shutdown grace for running handlers, interrupts the rest and
   * releases their tasks, and stops the worker's threads. Never closes the queue. Calling it again,
   * or on a worker never started, does nothing.
   */
  @Override
  public void close() {
    long start = System.nanoTime();
    boolean interrupted = false;
    lock.lock();
    try {
      if (state == State.NEW) {
        state = State.CLOSED;
        return;
      }
      if (state == State.CLOSED) {
        return;
      }
      if (state == State.STOPPING) {
        while (state != State.CLOSED) {
          settled.awaitUninterruptibly();
        }
        return;
      }
      state = State.STOPPING;
      wake.signalAll();
      settled.signalAll();
    } finally {
      lock.unlock();
    }
    closeQuietly(availableRegistration);
    try {
      long graceNanos = shutdownGrace.toNanos();
      Thread t = poller;
      if (t != null) {
        // The poll loop ends after its current claim; tasks claimed then are released.
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(graceNanos)));
      }
      long left = graceNanos - (System.nanoTime() - start);
      if (!awaitNothingInFlight(left)) {
        List<Execution> rest = snapshotInFlight();
        LOG.info("Worker '{}': {} handler(s) still running after the shutdown grace of {}; interrupting them",
            name, rest.size(), shutdownGrace);
        for (Execution e : rest) {
          e.stop(false);
        }
        if (!awaitNothingInFlight(STOP_WAIT.toNanos())) {
          for (Execution e : snapshotInFlight()) {
            LOG.warn("Worker '{}': the handler of task {} ({}) did not stop when interrupted; its lease will run out"
                + " and the task will run again", name, e.claimed.id(), e.claimed.type());
          }
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      LOG.warn("Worker '{}': interrupted while shutting down; interrupting running handlers", name);
      for (Execution ex : snapshotInFlight()) {
        ex.stop(false);
      }
    }
    ScheduledExecutorService renewer = leaseRenewer;
    if (renewer != null) {
      renewer.shutdown();
    }
    ThreadPoolExecutor pool = handlerPool;
    if (pool != null) {
      pool.shutdown();
    }
    lock.lock();
    try {
      state = State.CLOSED;
      settled.signalAll();
    } finally {
      lock.unlock();
    }
    LOG.info("Worker '{}' stopped", name);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TaskWorker[name=" + name + ", types=" + handlers.keySet() + ", concurrency=" + concurrency + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Polling and dispatch

  private void pollLoop() {
    Duration idleBackoff = minPoll;
    Duration limitBackoff = minPoll;
    while (true) {
      int max;
      lock.lock();
      try {
        if (state != State.RUNNING) {
          return;
        }
        max = claimableSlots();
        if (max == 0) {
          // Every slot is taken (a finish seen earlier may already be used up): wait for the next.
          slotSignal = false;
          awaitSignal(maxPoll, false, true);
          continue;
        }
        availableSignal = false;
        slotSignal = false;
      } finally {
        lock.unlock();
      }

      List<ClaimedTask> claimed;
      try {
        claimed = queue.claim(name, max, lease);
      } catch (RuntimeException e) {
        LOG.warn("Worker '{}': claim failed, polling again in {}: {}", name, idleBackoff, e.toString());
        emit(l -> l.onQueueError("claim", e));
        lock.lock();
        try {
          awaitSignal(idleBackoff, false, false);
        } finally {
          lock.unlock();
        }
        idleBackoff = doubled(idleBackoff);
        continue;
      }

      if (claimed.isEmpty()) {
        boolean woken;
        lock.lock();
        try {
          if (inFlight.isEmpty() && !availableSignal && !slotSignal && state == State.RUNNING) {
            idle = true;
            settled.signalAll();
          }
          woken = awaitSignal(idleBackoff, true, true);
        } finally {
          lock.unlock();
        }
        idleBackoff = woken ? minPoll : doubled(idleBackoff);
        continue;
      }

      idleBackoff = minPoll;
      int releasedAtLimit = dispatch(claimed);
      if (releasedAtLimit > 0) {
        // The head of the queue is of types at their limit: wait for one of our slots to free
        // rather than claiming the same tasks again at once.
        lock.lock();
        try {
          awaitSignal(limitBackoff, false, true);
        } finally {
          lock.unlock();
        }
        limitBackoff = doubled(limitBackoff);
      } else {
        limitBackoff = minPoll;
      }
    }
  }

  /** Waits, holding {@link #lock}, until a wanted signal, shutdown, or the timeout. */
  private boolean awaitSignal(Duration timeout, boolean onAvailable, boolean onSlot) {
    long nanos = timeout.toNanos();
    while (state == State.RUNNING && !(onAvailable && availableSignal) && !(onSlot && slotSignal)) {
      if (nanos <= 0) {
        return false;
      }
      try {
        nanos = wake.awaitNanos(nanos);
      } catch (InterruptedException e) {
        // Nobody but close() should stop this thread, and it signals instead; keep going.
        LOG.debug("Worker '{}': poll thread interrupted; ignoring", name);
      }
    }
    return true;
  }

  private Duration doubled(Duration d) {
    Duration next = d.multipliedBy(2);
    return next.compareTo(maxPoll) > 0 ? maxPoll : next;
  }

  /** How many tasks the worker can start now. Holding {@link #lock}. */
  private int claimableSlots() {
    int free = freeSlots();
    if (free <= 0) {
      return 0;
    }
    if (anyTypeUnlimited) {
      return free;
    }
    int typeFree = 0;
    for (Map.Entry<String, Integer> limit : typeLimits.entrySet()) {
      typeFree += Math.max(0, limit.getValue() - runningByType.getOrDefault(limit.getKey(), 0));
    }
    return Math.min(free, typeFree);
  }

  /**
   * Slots for handlers to start: the concurrency minus the handlers running (a success being
   * recorded holds no slot), and no more than keep the tasks in flight under twice the concurrency.
   * Holding {@link #lock}.
   */
  private int freeSlots() {
    return Math.min(concurrency - (inFlight.size() - awaitingCompletion), 2 * concurrency - inFlight.size());
  }

  /** Starts, fails or releases each claimed task; returns how many were released at a type limit. */
  private int dispatch(List<ClaimedTask> claimed) {
    int releasedAtLimit = 0;
    for (ClaimedTask task : claimed) {
      emit(l -> l.onClaimed(task));
      TaskHandler handler = handlers.get(task.type());
      if (handler == null) {
        failUnknownType(task);
        continue;
      }
      Execution execution = null;
      boolean atLimit = false;
      lock.lock();
      try {
        if (state == State.RUNNING) {
          Integer limit = typeLimits.get(task.type());
          int running = runningByType.getOrDefault(task.type(), 0);
          if (freeSlots() <= 0 || (limit != null && running >= limit)) {
            atLimit = true;
          } else {
            execution = new Execution(task, handler);
            inFlight.put(task.id(), execution);
            runningByType.put(task.type(), running + 1);
            idle = false;
          }
        }
      } finally {
        lock.unlock();
      }
      if (execution != null) {
        try {
          Objects.requireNonNull(handlerPool, "handlerPool").execute(execution);
        } catch (RejectedExecutionException e) {
          // Only when close() gave up waiting for this thread and shut the pool down.
          finish(execution);
          releaseUnstarted(task);
        }
      } else {
        if (atLimit) {
          releasedAtLimit++;
        }
        releaseUnstarted(task);
      }
    }
    return releasedAtLimit;
  }

  private void releaseUnstarted(ClaimedTask task) {
    try {
      if (queue.release(task)) {
        emit(l -> l.onReleased(task));
      } else {
        LOG.debug("Worker '{}': task {} was no longer held when released", name, task.id());
      }
    } catch (RuntimeException e) {
      LOG.warn("Worker '{}': could not release task {}; its lease will run out: {}", name, task.id(), e.toString());
      emit(l -> l.onQueueError("release", e));
    }
  }

  private void failUnknownType(ClaimedTask task) {
    Failure failure = new Failure("No handler for task type '" + task.type() + "' on worker '" + name
        + "'; registered types: " + handlers.keySet(), UNKNOWN_TYPE_ERROR, false, null);
    LOG.warn("Worker '{}': {}", name, failure.message());
    try {
      queue.fail(task, failure);
    } catch (LeaseLostException e) {
      emit(l -> l.onLeaseLost(task));
      return;
    } catch (RuntimeException e) {
      LOG.warn("Worker '{}': could not fail task {} of unknown type: {}", name, task.id(), e.toString());
      emit(l -> l.onQueueError("fail", e));
      return;
    }
    emit(l -> l.onFailed(task, failure, false, Duration.ZERO));
    emit(l -> l.onDead(task, failure));
  }

  private void onAvailable() {
    lock.lock();
    try {
      availableSignal = true;
      idle = false;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Frees the slot of a task whose handler returned and whose success is left to be recorded; the
   * task stays in flight until {@link #finish}.
   */
  private void handlerReturned(Execution execution) {
    lock.lock();
    try {
      ClaimedTask task = execution.claimed;
      if (!execution.slotFreed && inFlight.containsKey(task.id())) {
        execution.slotFreed = true;
        awaitingCompletion++;
        runningByType.merge(task.type(), -1, Integer::sum);
        slotSignal = true;
        wake.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Frees the slot of a task whose outcome is settled (if its handler's return did not). */
  private void finish(Execution execution) {
    lock.lock();
    try {
      ClaimedTask task = execution.claimed;
      if (inFlight.remove(task.id()) != null) {
        if (execution.slotFreed) {
          awaitingCompletion--;
        } else {
          runningByType.merge(task.type(), -1, Integer::sum);
        }
        slotSignal = true;
        wake.signalAll();
        settled.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private List<Execution> snapshotInFlight() {
    lock.lock();
    try {
      return new ArrayList<>(inFlight.values());
    } finally {
      lock.unlock();
    }
  }

  private boolean awaitNothingInFlight(long nanos) throws InterruptedException {
    lock.lock();
    try {
      while (!inFlight.isEmpty()) {
        if (nanos <= 0) {
          return false;
        }
        nanos = settled.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Leases

  /** How often the renewal thread looks at the running tasks: a tenth of the lease, 10 ms to 1 s. */
  private Duration renewalTick() {
    Duration tick = lease.dividedBy(10);
    if (tick.compareTo(Duration.ofMillis(10)) < 0) {
      return Duration.ofMillis(10);
    }
    return tick.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : tick;
  }

  private void renewLeases() {
    try {
      Instant now = clock.instant();
      Duration half = lease.dividedBy(2);
      for (Execution e : snapshotInFlight()) {
        if (Duration.between(now, e.claimed.leaseExpiresAt()).compareTo(half) <= 0) {
          e.renew(lease, false);
        }
      }
    } catch (RuntimeException | Error e) {
      // An exception would cancel the scheduled renewal for good; log and try again next tick.
      LOG.error("Worker '{}': lease renewal failed", name, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Outcomes

  private record Success(Execution execution, Duration handlerTime) {}

  /**
   * Records a success. Successes that arrive while another thread records a batch are recorded by
   * that thread in the next batch, with one {@link TaskQueue#completeAll} call.
   */
  private void complete(Execution execution, Duration handlerTime) {
    pendingCompletions.add(new Success(execution, handlerTime));
    while (!pendingCompletions.isEmpty() && completionLock.tryLock()) {
      try {
        List<Success> batch = new ArrayList<>();
        Success next;
        while (batch.size() < MAX_COMPLETION_BATCH && (next = pendingCompletions.poll()) != null) {
          batch.add(next);
        }
        if (!batch.isEmpty()) {
          completeBatch(batch);
        }
      } finally {
        completionLock.unlock();
      }
    }
  }

  /** Successes handed over and not yet taken into a batch (for tests in this package). */
  int pendingCompletions() {
    return pendingCompletions.size();
  }

  private void completeBatch(List<Success> batch) {
    try {
      for (Success s : batch) {
        s.execution().beginSettling();
      }
      if (batch.size() == 1) {
        completeOne(batch.get(0));
        return;
      }
      List<ClaimedTask> tasks = new ArrayList<>(batch.size());
      for (Success s : batch) {
        tasks.add(s.execution().claimed);
      }
      Set<TaskId> lost = new HashSet<>();
      try {
        for (ClaimedTask t : queue.completeAll(tasks)) {
          lost.add(t.id());
        }
      } catch (RuntimeException e) {
        LOG.warn("Worker '{}': completing {} tasks together failed, completing them one by one: {}",
            name, batch.size(), e.toString());
        emit(l -> l.onQueueError("completeAll", e));
        for (Success s : batch) {
          completeOne(s);
        }
        return;
      }
      for (Success s : batch) {
        if (lost.contains(s.execution().claimed.id())) {
          s.execution().reportLeaseLost();
        } else {
          ClaimedTask t = s.execution().claimed;
          emit(l -> l.onSucceeded(t, s.handlerTime()));
        }
      }
    } finally {
      for (Success s : batch) {
        finish(s.execution());
      }
    }
  }

  private void completeOne(Success s) {
    ClaimedTask t = s.execution().claimed;
    try {
      queue.complete(t);
    } catch (LeaseLostException e) {
      s.execution().reportLeaseLost();
      return;
    } catch (RuntimeException e) {
      LOG.error("Worker '{}': could not complete task {}; it will run again when its lease runs out",
          name, t.id(), e);
      emit(l -> l.onQueueError("complete", e));
      return;
    }
    emit(l -> l.onSucceeded(t, s.handlerTime()));
  }

  /** The failure to record for a handler's exception. */
  Failure failureOf(Throwable error) {
    Failure failure = Failure.of(error);
    if (failure.retryable() && error instanceof ProviderException pe && pe.retryAt() != null) {
      Duration wait = Duration.between(clock.instant(), pe.retryAt());
      if (!wait.isNegative() && !wait.isZero()) {
        return new Failure(failure.message(), failure.errorType(), true, wait);
      }
    }
    return failure;
  }

  private void emit(Consumer<WorkerListener> event) {
    for (WorkerListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        LOG.warn("Worker '{}': listener {} threw; ignoring", name, listener, e);
      }
    }
  }

  private static void closeQuietly(@Nullable AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("Ignoring failure to unregister from the queue", e);
      }
    }
  }

  private ThreadFactory threads(String role) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, "clouvel-worker-" + name + "-" + role + "-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One claimed task being run: its handler's context, its lease, and how to stop it. */
  private final class Execution implements Runnable, TaskContext {
    private final TaskHandler handler;
    volatile ClaimedTask claimed;
    private volatile boolean cancelled;
    private volatile boolean stoppedByQueue;
    private volatile boolean stoppedForShutdown;
    private final AtomicBoolean leaseLostReported = new AtomicBoolean();
    /** Serialises lease extensions, and the start of recording the outcome. */
    private final Object leaseLock = new Object();
    private boolean settling; // guarded by leaseLock
    private @Nullable Thread thread; // guarded by this
    /** Whether its handler's successful return freed its slot already; guarded by {@link #lock}. */
    boolean slotFreed;

    Execution(ClaimedTask claimed, TaskHandler handler) {
      this.claimed = claimed;
      this.handler = handler;
    }

    @Override
    public ClaimedTask claimed() {
      return claimed;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public boolean extendLease(Duration extension) {
      if (extension == null || extension.isNegative() || extension.isZero()) {
        throw ValidationException.of("TaskContext", "extension", "must be positive");
      }
      return renew(extension, true);
    }

    @Override
    public void run() {
      Throwable error = null;
      boolean ran = false;
      long started = System.nanoTime();
      boolean start;
      synchronized (this) { // orders onStarted before any onLeaseLost of this attempt
        start = !cancelled;
        if (start) {
          thread = Thread.currentThread();
          ClaimedTask c = claimed;
          emit(l -> l.onStarted(c));
        }
      }
      if (start) {
        started = System.nanoTime();
        try {
          handler.handle(this);
        } catch (Throwable t) {
          error = t;
        }
        synchronized (this) {
          thread = null;
          Thread.interrupted(); // an interrupt meant for this handler must not reach the next one
        }
        ran = true;
      } else {
        error = new CancellationException("Task stopped before its handler started");
      }
      Duration handlerTime = ran ? Duration.ofNanos(System.nanoTime() - started) : Duration.ZERO;
      if (error == null) {
        handlerReturned(this);
        complete(this, handlerTime);
        return;
      }
      try {
        recordFailure(error, handlerTime);
      } catch (RuntimeException e) {
        LOG.error("Worker '{}': recording the outcome of task {} failed", name, claimed.id(), e);
      } finally {
        finish(this);
      }
      if (error instanceof VirtualMachineError vme) {
        throw vme;
      }
    }

    private void recordFailure(Throwable error, Duration handlerTime) {
      beginSettling();
      ClaimedTask c = claimed;
      if (stoppedForShutdown) {
        LOG.debug("Worker '{}': task {} stopped by shutdown: {}", name, c.id(), error.toString());
        releaseUnstarted(c);
        return;
      }
      Failure failure = failureOf(error);
      if (!stoppedByQueue) {
        LOG.debug("Worker '{}': task {} ({}) attempt {} failed: {}", name, c.id(), c.type(), c.attempt(), error.toString());
      }
      try {
        queue.fail(c, failure);
      } catch (LeaseLostException e) {
        reportLeaseLost();
        return;
      } catch (RuntimeException e) {
        LOG.error("Worker '{}': could not record the failure of task {}; it will run again when its lease runs out",
            name, c.id(), e);
        emit(l -> l.onQueueError("fail", e));
        return;
      }
      boolean willRetry = failure.retryable() && c.attempt() < c.task().maxAttempts();
      if (stoppedByQueue) {
        // The queue refused a lease extension yet accepted the failure: the task was cancelled
        // (or, rarely, its lease ran out with nobody else claiming it). Ask what became of it.
        TaskStatus status;
        try {
          status = queue.find(c.id()).map(Task::status).orElse(TaskStatus.CANCELLED);
        } catch (RuntimeException e) {
          emit(l -> l.onQueueError("find", e));
          return;
        }
        if (status == TaskStatus.CANCELLED) {
          emit(l -> l.onCancelled(c));
          return;
        }
        willRetry = status == TaskStatus.QUEUED;
      }
      boolean retry = willRetry;
      emit(l -> l.onFailed(c, failure, retry, handlerTime));
      if (!retry) {
        LOG.warn("Worker '{}': task {} ({}) is dead after attempt {}: {}", name, c.id(), c.type(), c.attempt(),
            failure.message(), error);
        emit(l -> l.onDead(c, failure));
      }
    }

    /** No lease extension starts after this; waits for one in progress. */
    void beginSettling() {
      synchronized (leaseLock) {
        settling = true;
      }
    }

    /**
     * Extends the lease. On a refusal, tells the handler to stop. Errors of the queue are thrown
     * when {@code propagate}, else logged, and the handler is stopped only if the lease has run out.
     */
    boolean renew(Duration extension, boolean propagate) {
      synchronized (leaseLock) {
        if (stoppedByQueue) {
          return false;
        }
        if (settling) {
          return true;
        }
        ClaimedTask c = claimed;
        Optional<ClaimedTask> renewed;
        try {
          renewed = queue.extendLease(c, extension);
        } catch (RuntimeException e) {
          if (propagate) {
            throw e;
          }
          LOG.warn("Worker '{}': could not extend the lease of task {}: {}", name, c.id(), e.toString());
          emit(l -> l.onQueueError("extendLease", e));
          if (!clock.instant().isBefore(c.leaseExpiresAt())) {
            stop(true);
            reportLeaseLost();
            return false;
          }
          return true;
        }
        if (renewed.isPresent()) {
          claimed = renewed.get();
          return true;
        }
        LOG.info("Worker '{}': task {} ({}) was cancelled or its lease was lost; stopping its handler",
            name, c.id(), c.type());
        stop(true);
        reportLeaseLost();
        return false;
      }
    }

    /** Tells the handler to stop: {@link #isCancelled()} turns true and its thread is interrupted. */
    void stop(boolean byQueue) {
      if (byQueue) {
        stoppedByQueue = true;
      } else {
        stoppedForShutdown = true;
      }
      cancelled = true;
      synchronized (this) {
        if (thread != null) {
          thread.interrupt();
        }
      }
    }

    void reportLeaseLost() {
      if (leaseLostReported.compareAndSet(false, true)) {
        ClaimedTask c = claimed;
        synchronized (this) {
          emit(l -> l.onLeaseLost(c));
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Builder

  /**
   * Builds a {@link TaskWorker}. Every option is checked when it is set and names itself in the
   * {@link ValidationException} it throws; each setter documents its default.
   */
  public static final class Builder {
    private final TaskQueue queue;
    private String name = "worker-" + ProcessHandle.current().pid() + "-" + DEFAULT_NAME_COUNTER.incrementAndGet();
    private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
    private final Map<String, Integer> typeLimits = new LinkedHashMap<>();
    private int concurrency = 4;
    private Duration lease = Duration.ofSeconds(30);
    private Duration minPoll = Duration.ofMillis(50);
    private Duration maxPoll = Duration.ofSeconds(2);
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private final List<WorkerListener> listeners = new ArrayList<>();

    private Builder(TaskQueue queue) {
      if (queue == null) {
        throw invalid("queue", "is required");
      }
      this.queue = queue;
    }

    private static ValidationException invalid(String option, String message) {
      return ValidationException.of("TaskWorker", option, message);
    }

    /**
     * The worker's name, recorded on every task it claims; 1 to 100 characters. Default
     * {@code worker-<pid>-<n>}, unique within this process.
     */
    public Builder name(String name) {
      if (name == null || name.isBlank() || name.length() > 100) {
        throw invalid("name", "must be 1 to 100 characters, not blank, was "
            + (name == null ? "null" : "'" + name + "'"));
      }
      this.name = name;
      return this;
    }

    /**
     * Runs tasks of {@code type} with {@code handler}. Each type takes one handler. At least one
     * handler is required; claimed tasks of other types fail at once, not retried.
     */
    public Builder handler(String type, TaskHandler handler) {
      checkType("handler", type);
      if (handler == null) {
        throw invalid("handler", "must not be null (type '" + type + "')");
      }
      if (handlers.containsKey(type)) {
        throw invalid("handler", "type '" + type + "' already has a handler");
      }
      handlers.put(type, handler);
      return this;
    }

    /** How many handlers run at once, over all types; 1 to 1000. Default 4. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 1000) {
        throw invalid("concurrency", "must be between 1 and 1000, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * At most {@code limit} tasks of {@code type} run at once (within {@link #concurrency}); at
     * least 1. Default: no limit per type. The type needs a {@link #handler}.
     */
    public Builder typeLimit(String type, int limit) {
      checkType("typeLimit", type);
      if (limit < 1) {
        throw invalid("typeLimit", "must be at least 1, was " + limit + " for type '" + type + "'");
      }
      typeLimits.put(type, limit);
      return this;
    }

    /**
     * How long a claimed task stays invisible to other workers without a renewal; at least 10 ms.
     * The worker renews it when about half is used. Default 30 s.
     */
    public Builder lease(Duration lease) {
      if (lease == null || lease.compareTo(Duration.ofMillis(10)) < 0) {
        throw invalid("lease", "must be at least 10 ms, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * How long to wait before claiming again when the queue had nothing due: {@code min} first,
     * doubling up to {@code max} while the queue stays empty. An enqueue in this process and a
     * freed slot wake the worker at once. Both positive, {@code max >= min}. Default 50 ms to 2 s.
     */
    public Builder pollInterval(Duration min, Duration max) {
      if (min == null || min.isNegative() || min.isZero()) {
        throw invalid("pollInterval.min", "must be positive, was " + min);
      }
      if (max == null || max.compareTo(min) < 0) {
        throw invalid("pollInterval.max", "must be at least pollInterval.min (" + min + "), was " + max);
      }
      this.minPoll = min;
      this.maxPoll = max;
      return this;
    }

    /**
     * How long {@link TaskWorker#close()} waits for running handlers before it interrupts them;
     * zero or more. Default 30 s.
     */
    public Builder shutdownGrace(Duration grace) {
      if (grace == null || grace.isNegative()) {
        throw invalid("shutdownGrace", "must not be negative, was " + grace);
      }
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * The clock handlers see and lease renewal is timed by; use the queue's clock. Default
     * {@link Clock#systemUTC()}.
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw invalid("clock", "is required");
      }
      this.clock = clock;
      return this;
    }

    /** Adds a listener; may be called several times. Default none. */
    public Builder listener(WorkerListener listener) {
      if (listener == null) {
        throw invalid("listener", "must not be null");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * Builds the worker; it holds no thread until {@link TaskWorker#start()}.
     *
     * @throws ValidationException when no handler is registered, or a type limit names a type
     *     without a handler
     */
    public TaskWorker build() {
      if (handlers.isEmpty()) {
        throw invalid("handler", "at least one handler is required; register one with handler(type, handler)");
      }
      for (String type : typeLimits.keySet()) {
        if (!handlers.containsKey(type)) {
          throw invalid("typeLimit", "type '" + type + "' has no handler; registered types: "
              + new TreeMap<>(handlers).keySet());
        }
      }
      return new TaskWorker(this);
    }

    private static void checkType(String option, @Nullable String type) {
      if (type == null || !TYPE.matcher(type).matches()) {
        throw invalid(option, "type must be 1 to 64 letters, digits or _ . : - characters, was "
            + (type == null ? "null" : "'" + type + "'"));
      }
    }
  }
}
