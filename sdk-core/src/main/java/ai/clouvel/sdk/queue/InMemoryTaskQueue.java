package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.exception.LeaseLostException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.internal.queue.CoarseClock;
import ai.clouvel.sdk.internal.queue.IdTable;
import ai.clouvel.sdk.internal.queue.QueueChecks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TaskQueue} held in this process's memory: the embedded default, with no set-up. Tasks
 * do not survive a restart; use {@code JdbcTaskQueue} for that.
 *
 * <pre>{@code
 * TaskQueue queue = InMemoryTaskQueue.builder()
 *     .retryPolicy(RetryPolicy.DEFAULT)
 *     .build();
 * }</pre>
 *
 * <p><b>Concurrency.</b> Positions are kept under one lock: due tasks in claim order (priority
 * descending, due time, id), tasks due later by due time, and running tasks by lease expiry, each in
 * an array binary heap. A heap node is three longs side by side (priority and a position version, a
 * time key, the id), so sifting reads and moves primitives only and never touches the tasks; a
 * node's task is found by id in the id table when it reaches the top. Due tasks that arrive in claim
 * order, as new tasks due at once usually do, skip the heap: they are appended to a sorted run (a
 * ring of the same nodes), which costs O(1) to add and to take, and a claim takes whichever of the
 * run's and the heap's fronts comes first.
 * Time keys are nanoseconds since the epoch (outside 1677-2262 the task's own {@link Instant}s
 * decide); the {@link Instant}s given and returned keep their precision. A task whose position
 * changes (cancelled, rescheduled, failed, released, its lease extended) takes a new version,
 * leaving its old node stale: stale nodes are dropped when they reach a front, or by a
 * compaction each time a heap or the run has doubled since the last one, so every change costs
 * O(log n) amortised. {@link #enqueue} never takes the lock: it pushes the task onto a lock-free staging
 * stack, which the next {@link #claim} (or any operation that needs the heaps) moves into the heaps
 * before it looks for work, so a task is claimable as soon as {@code enqueue} returns. A queued
 * task's fields change under the queue's lock (a claim takes nothing else); a running task's also
 * under its monitor, which is what fences {@link #complete}: it takes only that monitor (and the
 * succeeded tasks' own, below), never the queue's lock, and its lease node is dropped later as
 * above. {@link #find} and {@link #list}, which copy whole tasks, take both. Lease recovery
 * stays exact: every claim (or one each {@link Builder#leaseRecoveryInterval}) compares the lease
 * heap's top with the clock, so a task whose lease expired is claimable by that very claim.
 * {@link #stats}, {@link #list} and {@link #purge} walk every task, one monitor at a time.
 *
 * <p><b>Memory.</b> About 130 bytes per queued task on a 64-bit JVM with compressed pointers
 * (measured with JOL: 129 bytes per task for 1,000,000 queued tasks sharing one payload string,
 * 130 by used heap after a full collection), plus the task's own strings: its payload at 1 byte
 * per character when Latin-1, else 2. That is the task entry, one {@link Instant} shared by its
 * creation, update and due times, its slot in a paged id table (4 bytes) and its heap node (24
 * bytes, plus the array's growth room). A running task adds a lease {@link Instant} and a lease
 * node. A task that succeeded is copied into a ring of columns of primitives and references (about
 * 60 bytes per task plus 8 in its id-table page, no object per task) and its entry is dropped; the
 * ring keeps the newest {@link Builder#retainSucceeded} succeeded tasks (default {@value
 * #DEFAULT_RETAIN_SUCCEEDED}), so a busy queue neither grows without bound nor keeps the garbage
 * collector copying finished tasks; completing one more drops the oldest, as a {@link #purge}
 * would. Tasks that ended cancelled or dead keep their entry until purged. Pages of the id table
 * are freed once all their tasks are gone.
 *
 * <p>Everything time-based uses the {@link Clock} given to the builder, so tests and benchmarks can
 * drive it; no method sleeps. The default system clock is read from a field that a daemon thread
 * shared by all queues keeps up to date while they read it (see {@link Builder#clock}).
 */
public final class InMemoryTaskQueue implements TaskQueue {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryTaskQueue.class);
  private static final String LEASE_EXPIRED = "lease expired";
  private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();
  /** Succeeded tasks kept readable by default: see {@link Builder#retainSucceeded}. */
  public static final int DEFAULT_RETAIN_SUCCEEDED = 100_000;
  /** The most succeeded tasks a queue can keep readable. */
  public static final int MAX_RETAIN_SUCCEEDED = 100_000_000;
  private static final VarHandle STAGED;
  private static final VarHandle LAST_ID;
  private static final VarHandle STATUS;

  static {
    try {
      STAGED = MethodHandles.lookup().findVarHandle(IntakeFields.class, "staged", Entry.class);
      LAST_ID = MethodHandles.lookup().findVarHandle(IntakeFields.class, "lastId", long.class);
      STATUS = MethodHandles.lookup().findVarHandle(Entry.class, "status", TaskStatus.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Stands in the id table for a task that succeeded and was moved to the {@link Succeeded} ring. */
  private static final Entry ARCHIVED = new Entry(0, TaskSpec.of("archived"), Instant.EPOCH);

  private final Clock clock;
  /** Whether {@link #clock} is a system clock, read from {@link CoarseClock#SYSTEM}. */
  private final boolean systemClock;
  private final RetryPolicy retryPolicy;
  private final int maxPayloadBytes;
  private final Duration leaseRecoveryInterval;
  private final Succeeded succeeded;

  private final Intake intake = new Intake();
  private final IdTable<Entry> tasks = new IdTable<>();
  private final ConcurrentHashMap<UniqueKey, Long> activeKeys = new ConcurrentHashMap<>();
  private final Object listenersLock = new Object();
  private volatile Runnable[] listeners = new Runnable[0];


  /** Guards the heaps, every entry's position fields and the recovery schedule. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Positions ready = new Positions(Heap.READY, tasks);
  private final Heap scheduled = new Heap(Heap.DUE, tasks);
  private final Positions leases = new Positions(Heap.LEASE, tasks);
  private long nextRecoveryKey = Long.MIN_VALUE;
  private @Nullable Instant nextRecovery;

  private InMemoryTaskQueue(Builder b) {
    this.clock = b.clock;
    this.systemClock = b.clock.getClass() == SYSTEM_CLOCK;
    this.retryPolicy = b.retryPolicy;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.leaseRecoveryInterval = b.leaseRecoveryInterval;
    this.succeeded = new Succeeded(b.retainSucceeded, tasks);
  }

  /** A builder with the defaults documented on each option. */
  public static Builder builder() {
    return new Builder();
  }

  /** An in-memory queue with every default. */
  public static InMemoryTaskQueue create() {
    return builder().build();
  }

  // ---------------------------------------------------------------- enqueue

  @Override
  public TaskId enqueue(TaskSpec spec) {
    QueueChecks.spec(spec, maxPayloadBytes, "spec");
    Instant now = now();
    long id = nextId();
    long existing = reserveKey(spec, id);
    if (existing != 0) {
      return new TaskId(existing);
    }
    Entry e = new Entry(id, spec, now);
    tasks.put(id, e);
    Entry head;
    do {
      head = intake.staged;
      e.next = head;
    } while (!STAGED.weakCompareAndSet(intake, head, e));
    fireAvailable();
    return new TaskId(id);
  }

  @Override
  public List<TaskId> enqueueAll(List<TaskSpec> specs) {
    QueueChecks.specs(specs, maxPayloadBytes);
    if (specs.isEmpty()) {
      return List.of();
    }
    Instant now = now();
    TaskId[] out = new TaskId[specs.size()];
    Entry chain = null;
    for (int i = 0; i < out.length; i++) {
      TaskSpec spec = specs.get(i);
      long id = nextId();
      long existing = reserveKey(spec, id);
      if (existing != 0) {
        out[i] = new TaskId(existing);
        continue;
      }
      Entry e = new Entry(id, spec, now);
      tasks.put(id, e);
      e.next = chain;
      chain = e;
      out[i] = new TaskId(id);
    }
    if (chain != null) {
      lock.lock();
      try {
        Instant at = now();
        long atKey = key(at);
        drainStaged(at, atKey); // tasks enqueued before this batch go in first
        placeChain(chain, at, atKey);
      } finally {
        lock.unlock();
      }
    }
    fireAvailable();
    return List.of(out);
  }

  /**
   * Reserves the spec's unique key for task {@code id}.
   *
   * @return 0 when reserved (or the spec has no key), else the id of the task holding the key; the
   *     id handed out is then removed from the id table, as no task will have it
   */
  private long reserveKey(TaskSpec spec, long id) {
    if (spec.uniqueKey() == null) {
      return 0;
    }
    Long existing = activeKeys.putIfAbsent(new UniqueKey(spec.accountId(), spec.uniqueKey()), id);
    if (existing == null) {
      return 0;
    }
    tasks.remove(id, null);
    return existing;
  }

  // ---------------------------------------------------------------- claim

  @Override
  public List<ClaimedTask> claim(String worker, int max, Duration lease) {
    if (worker == null || max < 1 || lease == null || worker.isBlank() || worker.length() > QueueChecks.MAX_WORKER_CHARS
        || worker.indexOf('\0') >= 0 || lease.isNegative() || lease.isZero() || lease.compareTo(QueueChecks.MAX_LEASE) > 0) {
      QueueChecks.claim(worker, max, lease); // throws, naming each bad field
    }
    Instant now = now();
    long nowKey = key(now);
    Instant expires = now.plus(lease);
    long expiresKey = key(expires);
    ClaimedTask first = null;
    List<ClaimedTask> out = null;
    lock.lock();
    try {
      drainStaged(now, nowKey);
      if (compare(nowKey, now, nextRecoveryKey, nextRecovery) >= 0) {
        recoverExpiredLeases(now, nowKey);
      }
      promoteDue(now, nowKey);
      for (int n = 0; n < max; ) {
        Entry e = ready.top();
        if (e == null) {
          break;
        }
        ready.pop();
        if (compare(e.dueKey, e.runAt, nowKey, now) > 0) { // the clock went back: not due any more
          scheduled.add(e, e.dueKey, e.runAt);
          continue;
        }
        // No monitor: a queued task changes only under the queue's lock, which readers of whole
        // snapshots take too. The one change made without that lock, a complete, acts on a running
        // task only and reads the status first (acquire), which is written here last (release).
        e.attempts++;
        e.lockedBy = worker;
        e.leaseExpiresAt = expires;
        e.updatedAt = now;
        STATUS.setRelease(e, TaskStatus.RUNNING);
        ClaimedTask c = new ClaimedTask(e.snapshot(), worker, e.attempts, expires);
        e.version++;
        leases.add(e, expiresKey, expires);
        if (n++ == 0) {
          first = c;
        } else {
          if (out == null) {
            out = new ArrayList<>(Math.min(max, n + ready.size()));
            out.add(first);
          }
          out.add(c);
        }
      }
    } finally {
      lock.unlock();
    }
    return out != null ? out : first != null ? List.of(first) : List.of();
  }

  /** Moves the staged tasks into the heaps. Caller holds {@link #lock}. */
  private void drainStaged(Instant now, long nowKey) {
    if (intake.staged != null) {
      placeChain((Entry) STAGED.getAndSet(intake, null), now, nowKey);
    }
  }

  /**
   * Places a chain of new tasks, newest first (those cancelled meanwhile are dropped). They are
   * placed in claim order, so that they join the {@link Run} of ready tasks rather than the heap.
   * Caller holds {@link #lock}.
   */
  private void placeChain(@Nullable Entry newest, Instant now, long nowKey) {
    Entry e = null; // the chain in claim order: nearly the reverse of the stack's, so mostly O(1) each
    while (newest != null) {
      Entry next = newest.next;
      if (e == null || !after(newest, e)) {
        newest.next = e;
        e = newest;
      } else { // enqueued by another thread between this one's clock reading and its push
        Entry at = e;
        while (at.next != null && after(newest, at.next)) {
          at = at.next;
        }
        newest.next = at.next;
        at.next = newest;
      }
      newest = next;
    }
    while (e != null) {
      Entry next = e.next;
      e.next = null;
      e.staged = false;
      if (e.status == TaskStatus.QUEUED) {
        place(e, now, nowKey);
      }
      e = next;
    }
  }

  /** Whether {@code a} comes after {@code b} in claim order (by time key; saturated keys tie on id). */
  private static boolean after(Entry a, Entry b) {
    if (a.priority != b.priority) {
      return a.priority < b.priority;
    }
    return a.dueKey != b.dueKey ? a.dueKey > b.dueKey : a.id > b.id;
  }

  /** Moves tasks that became due from the scheduled heap to the ready heap. Caller holds {@link #lock}. */
  private void promoteDue(Instant now, long nowKey) {
    for (Entry e = scheduled.top(); e != null && scheduled.topDue(nowKey, now); e = scheduled.top()) {
      scheduled.pop();
      ready.add(e, e.dueKey, e.runAt);
    }
  }

  /**
   * Ends every lease that expired by {@code now}: the task is queued again (the attempt counts),
   * dead when that was its last attempt, or cancelled when cancellation was requested. Caller holds
   * {@link #lock}.
   */
  private void recoverExpiredLeases(Instant now, long nowKey) {
    if (!leaseRecoveryInterval.isZero()) {
      Instant next = now.plus(leaseRecoveryInterval);
      nextRecovery = next;
      nextRecoveryKey = key(next);
    }
    for (Entry e = leases.top(); e != null && leases.topDue(nowKey, now); e = leases.top()) {
      leases.pop();
      synchronized (e) {
        if (e.status != TaskStatus.RUNNING) {
          continue; // completed without the queue's lock; its lease position was left behind
        }
        e.lockedBy = null;
        e.leaseExpiresAt = null;
        e.lastError = LEASE_EXPIRED;
        e.updatedAt = now;
        if (e.cancelRequested) {
          finish(e, TaskStatus.CANCELLED);
        } else if (e.attempts >= e.maxAttempts) {
          finish(e, TaskStatus.DEAD);
        } else {
          e.status = TaskStatus.QUEUED;
          place(e, now, nowKey);
        }
      }
    }
  }

  // ---------------------------------------------------------------- finishing an attempt

  @Override
  public void complete(ClaimedTask task) {
    QueueChecks.claimed(task, "task");
    if (!tryComplete(task, now())) {
      throw lost(task);
    }
  }

  @Override
  public List<ClaimedTask> completeAll(List<ClaimedTask> claimed) {
    QueueChecks.claimedList(claimed);
    if (claimed.isEmpty()) {
      return List.of();
    }
    Instant now = now();
    List<ClaimedTask> lost = null;
    for (ClaimedTask t : claimed) {
      if (!tryComplete(t, now)) {
        if (lost == null) {
          lost = new ArrayList<>(2);
        }
        lost.add(t);
      }
    }
    return lost == null ? List.of() : List.copyOf(lost);
  }

  /**
   * Completes under the task's monitor only (its lease heap position is dropped later) and moves
   * the finished task into the {@link Succeeded} ring, so the entry becomes garbage.
   */
  private boolean tryComplete(ClaimedTask task, Instant now) {
    long id = task.id().value();
    Entry e = tasks.get(id);
    if (e == null || e == ARCHIVED) {
      return false;
    }
    synchronized (e) {
      if (!holds(e, task)) {
        return false;
      }
      e.lockedBy = null;
      e.leaseExpiresAt = null;
      e.updatedAt = now;
      finish(e, TaskStatus.SUCCEEDED);
      succeeded.store(e, now);
      return true;
    }
  }

  @Override
  public void fail(ClaimedTask task, Failure failure) {
    QueueChecks.claimed(task, "task");
    QueueChecks.failure(failure);
    Duration delay = QueueChecks.retryDelay(retryPolicy, failure, task.attempt());
    Instant now = now();
    Entry e = tasks.get(task.id().value());
    if (e == null || e == ARCHIVED) {
      throw lost(task);
    }
    boolean held;
    lock.lock();
    try {
      synchronized (e) {
        held = holds(e, task);
        if (held) {
          endLease(e, now);
          e.lastError = QueueChecks.errorText(failure);
          if (e.cancelRequested) {
            finish(e, TaskStatus.CANCELLED);
          } else if (!failure.retryable() || e.attempts >= e.maxAttempts) {
            finish(e, TaskStatus.DEAD);
          } else {
            e.status = TaskStatus.QUEUED;
            setRunAt(e, now.plus(delay));
            place(e, now, key(now));
          }
        }
      }
    } finally {
      lock.unlock();
    }
    if (!held) {
      throw lost(task);
    }
  }

  @Override
  public boolean release(ClaimedTask task) {
    QueueChecks.claimed(task, "task");
    Instant now = now();
    Entry e = tasks.get(task.id().value());
    if (e == null || e == ARCHIVED) {
      return false;
    }
    boolean requeued;
    lock.lock();
    try {
      synchronized (e) {
        if (!holds(e, task)) {
          return false;
        }
        endLease(e, now);
        e.attempts--;
        if (e.cancelRequested) {
          finish(e, TaskStatus.CANCELLED);
          requeued = false;
        } else {
          e.status = TaskStatus.QUEUED;
          if (e.runAt.isAfter(now)) {
            setRunAt(e, now);
          }
          place(e, now, key(now));
          requeued = true;
        }
      }
    } finally {
      lock.unlock();
    }
    if (requeued) {
      fireAvailable();
    }
    return true;
  }

  @Override
  public Optional<ClaimedTask> extendLease(ClaimedTask task, Duration extension) {
    QueueChecks.claimed(task, "task");
    QueueChecks.lease(extension, "extension");
    Instant now = now();
    Entry e = tasks.get(task.id().value());
    if (e == null || e == ARCHIVED) {
      return Optional.empty();
    }
    lock.lock();
    try {
      synchronized (e) {
        if (!holds(e, task) || e.cancelRequested) {
          return Optional.empty();
        }
        Instant expires = now.plus(extension);
        e.leaseExpiresAt = expires;
        e.version++; // the old lease position is left behind, stale
        leases.add(e, key(expires), expires);
        return Optional.of(task.withLeaseExpiresAt(expires));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether the attempt still holds the task. Caller holds the entry's monitor (a claim does not: see there). */
  private static boolean holds(Entry e, ClaimedTask task) {
    return STATUS.getAcquire(e) == TaskStatus.RUNNING && !e.purged && e.attempts == task.attempt()
        && task.worker().equals(e.lockedBy);
  }

  private LeaseLostException lost(ClaimedTask task) {
    Entry e = tasks.get(task.id().value());
    String now;
    if (e == null) {
      now = "the task no longer exists";
    } else if (e == ARCHIVED) {
      now = "it is " + TaskStatus.SUCCEEDED;
    } else {
      lock.lock();
      try {
        synchronized (e) {
          now = "it is " + e.status + " at attempt " + e.attempts
              + (e.lockedBy == null ? "" : " held by " + e.lockedBy);
        }
      } finally {
        lock.unlock();
      }
    }
    return new LeaseLostException(task.id().value(),
        "attempt " + task.attempt() + " by " + task.worker() + " no longer holds the task; " + now);
  }

  // ---------------------------------------------------------------- management

  @Override
  public boolean cancel(TaskId id) {
    QueueChecks.notNull(id, "id");
    Instant now = now();
    Entry e = tasks.get(id.value());
    if (e == null || e == ARCHIVED) {
      return false;
    }
    lock.lock();
    try {
      synchronized (e) {
        if (e.purged) {
          return false;
        }
        if (e.status == TaskStatus.QUEUED) {
          unplace(e); // a staged task stays on the staging stack, to be dropped when it is drained
          e.updatedAt = now;
          finish(e, TaskStatus.CANCELLED);
          return true;
        }
        if (e.status == TaskStatus.RUNNING) {
          e.cancelRequested = true;
          e.updatedAt = now;
          return true;
        }
        return false;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean reschedule(TaskId id, Instant runAt) {
    QueueChecks.notNull(id, "id");
    QueueChecks.runAt(runAt);
    Instant now = now();
    Entry e = tasks.get(id.value());
    if (e == null || e == ARCHIVED) {
      return false;
    }
    lock.lock();
    try {
      synchronized (e) {
        if (e.purged || e.status != TaskStatus.QUEUED) {
          return false;
        }
        e.updatedAt = now;
        if (e.staged) { // placed by its new due time when it is drained
          setRunAt(e, runAt);
        } else {
          unplace(e);
          setRunAt(e, runAt);
          place(e, now, key(now));
        }
      }
    } finally {
      lock.unlock();
    }
    fireAvailable();
    return true;
  }

  @Override
  public Optional<Task> find(TaskId id) {
    QueueChecks.notNull(id, "id");
    long value = id.value();
    Entry e = tasks.get(value);
    if (e == null) {
      return Optional.empty();
    }
    if (e == ARCHIVED) {
      return Optional.ofNullable(archived(value));
    }
    lock.lock(); // a claim changes a queued task under the lock only
    try {
      synchronized (e) {
        return e.purged ? Optional.empty() : Optional.of(e.snapshot());
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Task> list(TaskFilter filter) {
    QueueChecks.notNull(filter, "filter");
    List<Task> page = new ArrayList<>(Math.min(filter.limit(), 64));
    int[] skip = {filter.offset()};
    tasks.forEachDescending((id, e) -> {
      if (e == ARCHIVED) {
        if (filter.statuses().isEmpty() || filter.statuses().contains(TaskStatus.SUCCEEDED)) {
          Task t = archived(id);
          if (t != null && (filter.types().isEmpty() || filter.types().contains(t.type()))
              && (filter.accountId() == null || filter.accountId().equals(t.accountId()))) {
            if (skip[0] > 0) {
              skip[0]--;
            } else {
              page.add(t);
            }
          }
        }
        return page.size() < filter.limit();
      }
      lock.lock(); // as in find
      try {
        synchronized (e) {
          if (!e.purged
              && (filter.statuses().isEmpty() || filter.statuses().contains(e.status))
              && (filter.types().isEmpty() || filter.types().contains(e.type))
              && (filter.accountId() == null || filter.accountId().equals(e.accountId))) {
            if (skip[0] > 0) {
              skip[0]--;
            } else {
              page.add(e.snapshot());
            }
          }
        }
      } finally {
        lock.unlock();
      }
      return page.size() < filter.limit();
    });
    return List.copyOf(page);
  }

  @Override
  public QueueStats stats() {
    Instant now = now();
    lock.lock();
    try {
      recoverExpiredLeases(now, key(now));
    } finally {
      lock.unlock();
    }
    long[] byStatus = new long[TaskStatus.values().length];
    Map<String, long[]> byType = new HashMap<>();
    Instant[] oldestDue = {null};
    int ok = TaskStatus.SUCCEEDED.ordinal();
    tasks.forEach((id, e) -> {
      if (e == ARCHIVED) {
        return true; // counted from the ring below
      }
      synchronized (e) {
        if (e.purged) {
          return true;
        }
        int s = e.status.ordinal();
        byStatus[s]++;
        byType.computeIfAbsent(e.type, t -> new long[byStatus.length])[s]++;
        if (e.status == TaskStatus.QUEUED && !e.runAt.isAfter(now)
            && (oldestDue[0] == null || e.runAt.isBefore(oldestDue[0]))) {
          oldestDue[0] = e.runAt;
        }
      }
      return true;
    });
    succeeded.forEachType(type -> {
      byStatus[ok]++;
      byType.computeIfAbsent(type, t -> new long[byStatus.length])[ok]++;
    });
    Map<String, Map<TaskStatus, Long>> types = new HashMap<>();
    byType.forEach((t, counts) -> {
      Map<TaskStatus, Long> m = new EnumMap<>(TaskStatus.class);
      for (TaskStatus s : TaskStatus.values()) {
        if (counts[s.ordinal()] > 0) {
          m.put(s, counts[s.ordinal()]);
        }
      }
      types.put(t, Map.copyOf(m));
    });
    Map<TaskStatus, Long> statuses = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      statuses.put(s, byStatus[s.ordinal()]);
    }
    return new QueueStats(statuses, types, oldestDue[0] == null ? null : Duration.between(oldestDue[0], now));
  }

  @Override
  public int purge(Duration olderThan, boolean includeDead) {
    QueueChecks.notNegative(olderThan, "olderThan");
    Instant cutoff = now().minus(QueueChecks.age(olderThan));
    long cutoffKey = key(cutoff);
    List<Entry> old = new ArrayList<>();
    int purged = succeeded.purge(cutoffKey, cutoff);
    tasks.forEach((id, e) -> {
      if (e == ARCHIVED) {
        return true;
      }
      synchronized (e) {
        boolean finished = e.status == TaskStatus.SUCCEEDED || e.status == TaskStatus.CANCELLED
            || (includeDead && e.status == TaskStatus.DEAD);
        if (!e.purged && finished && e.updatedAt.isBefore(cutoff)) {
          e.purged = true;
          old.add(e);
        }
      }
      return true;
    });
    for (Entry e : old) {
      tasks.remove(e.id, e); // a stale lease position, if any, goes at the next compaction
    }
    return purged + old.size();
  }

  @Override
  public boolean requeueDead(TaskId id) {
    QueueChecks.notNull(id, "id");
    Entry e = tasks.get(id.value());
    if (e == null || e == ARCHIVED) {
      return false;
    }
    Instant now = now();
    boolean requeued;
    lock.lock();
    try {
      requeued = requeue(e, now, key(now));
    } finally {
      lock.unlock();
    }
    if (requeued) {
      fireAvailable();
    }
    return requeued;
  }

  @Override
  public int requeueAllDead(@Nullable String type) {
    Instant now = now();
    long nowKey = key(now);
    List<Entry> dead = new ArrayList<>();
    tasks.forEach((id, e) -> {
      if (e != ARCHIVED && (type == null || type.equals(e.type))) {
        synchronized (e) {
          if (e.status == TaskStatus.DEAD) { // checked again under the queue's lock
            dead.add(e);
          }
        }
      }
      return true;
    });
    int n = 0;
    lock.lock();
    try {
      for (Entry e : dead) {
        if (requeue(e, now, nowKey)) {
          n++;
        }
      }
    } finally {
      lock.unlock();
    }
    if (n > 0) {
      fireAvailable();
    }
    return n;
  }

  /** Queues a dead task again. Caller holds {@link #lock}. */
  private boolean requeue(Entry e, Instant now, long nowKey) {
    synchronized (e) {
      if (e.purged || e.status != TaskStatus.DEAD) {
        return false;
      }
      if (e.uniqueKey != null
          && activeKeys.putIfAbsent(new UniqueKey(e.accountId, e.uniqueKey), e.id) != null) {
        return false; // another task with this key is queued or running
      }
      e.status = TaskStatus.QUEUED;
      e.attempts = 0;
      e.cancelRequested = false;
      setRunAt(e, now);
      e.updatedAt = now;
      place(e, now, nowKey);
      return true;
    }
  }

  @Override
  public AutoCloseable onAvailable(Runnable callback) {
    QueueChecks.notNull(callback, "callback");
    synchronized (listenersLock) {
      Runnable[] now = Arrays.copyOf(listeners, listeners.length + 1);
      now[now.length - 1] = callback;
      listeners = now;
    }
    return () -> removeListener(callback);
  }

  private void removeListener(Runnable callback) {
    synchronized (listenersLock) {
      Runnable[] now = listeners;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == callback) {
          Runnable[] less = new Runnable[now.length - 1];
          System.arraycopy(now, 0, less, 0, i);
          System.arraycopy(now, i + 1, less, i, now.length - i - 1);
          listeners = less;
          return;
        }
      }
    }
  }

  private void fireAvailable() {
    for (Runnable r : listeners) {
      try {
        r.run();
      } catch (RuntimeException ex) {
        LOG.warn("A task-available callback threw; it should not", ex);
      }
    }
  }

  /**
   * Unregisters every callback. The tasks stay readable; the queue holds no thread or connection of
   * its own (the shared clock thread ends by itself once no queue reads the clock).
   */
  @Override
  public void close() {
    synchronized (listenersLock) {
      listeners = new Runnable[0];
    }
  }

  // ---------------------------------------------------------------- positions

  /** Puts a queued task among the ready tasks or into the scheduled heap. Caller holds {@link #lock}. */
  private void place(Entry e, Instant now, long nowKey) {
    e.version++;
    if (compare(e.dueKey, e.runAt, nowKey, now) <= 0) {
      ready.add(e, e.dueKey, e.runAt);
    } else {
      scheduled.add(e, e.dueKey, e.runAt);
    }
  }

  /**
   * Takes a queued task out of its heap (its node there turns stale, to be dropped when it reaches
   * the top or at the next compaction); a staged one stays on the staging stack (and is placed, or
   * dropped when no longer queued, when the stack is drained). Caller holds {@link #lock}.
   */
  private void unplace(Entry e) {
    if (!e.staged) {
      e.version++; // its heap position is left behind, stale
    }
  }

  /** Ends a running task's lease. Caller holds {@link #lock} and the entry's monitor. */
  private void endLease(Entry e, Instant now) {
    e.version++; // its lease position is left behind, stale
    e.lockedBy = null;
    e.leaseExpiresAt = null;
    e.updatedAt = now;
  }

  /** Moves a task to a final status and frees its unique key. Caller holds the entry's monitor. */
  private void finish(Entry e, TaskStatus status) {
    e.status = status;
    if (e.uniqueKey != null) {
      activeKeys.remove(new UniqueKey(e.accountId, e.uniqueKey), e.id);
    }
  }

  /** Sets a queued task's due time. Caller holds {@link #lock} and the entry's monitor. */
  private static void setRunAt(Entry e, Instant runAt) {
    e.runAt = runAt;
    e.dueKey = key(runAt);
  }

  /**
   * The current time. A system clock (the default) is read from {@link CoarseClock#SYSTEM}, a field
   * kept up to date every millisecond. Through {@link Clock#instant()} (a call into the JVM for
   * microseconds) the readings of an enqueue, a claim and a complete were a third of the cycle, and
   * still 29 % as {@link System#currentTimeMillis()} (about 20 ns each).
   */
  private Instant now() {
    return systemClock ? CoarseClock.SYSTEM.now() : clock.instant();
  }

  /**
   * An instant as nanoseconds since the epoch, or {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE}
   * outside the years 1677-2262, where {@link #compare} falls back to the instants.
   */
  static long key(Instant t) {
    long s = t.getEpochSecond();
    if (s >= 9_223_372_036L || s <= -9_223_372_036L) {
      return s < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return s * 1_000_000_000L + t.getNano();
  }

  /** Compares two times by their {@link #key}s, and by the instants when the keys are saturated. */
  static int compare(long aKey, @Nullable Instant a, long bKey, @Nullable Instant b) {
    if (aKey != bKey) {
      return aKey < bKey ? -1 : 1;
    }
    if ((aKey == Long.MAX_VALUE || aKey == Long.MIN_VALUE) && a != null && b != null) {
      return a.compareTo(b);
    }
    return 0;
  }

  /** The archived task {@code id}, or {@code null} when it was purged meanwhile. */
  private @Nullable Task archived(long id) {
    return succeeded.snapshot(id);
  }

  /** An instant from its {@link #key}, or {@code far} when the key is saturated. */
  static Instant instant(long key, @Nullable Instant far) {
    if ((key == Long.MAX_VALUE || key == Long.MIN_VALUE) && far != null) {
      return far;
    }
    return Instant.ofEpochSecond(Math.floorDiv(key, 1_000_000_000L), Math.floorMod(key, 1_000_000_000L));
  }

  /** Pages of the id table in use: for tests that memory is given back. */
  int idTablePages() {
    return tasks.pageCount();
  }

  private long nextId() {
    return (long) LAST_ID.getAndAdd(intake, 1L) + 1;
  }

  private record UniqueKey(String accountId, String key) {}

  /**
   * What producers write, padded to cache lines of its own (the padding fields sit in the classes
   * around {@link IntakeFields}, which the JVM lays out first and last), so their compare-and-sets
   * do not keep evicting the fields every claim reads.
   */
  @SuppressWarnings("unused")
  private static class IntakePadding {
    long p1, p2, p3, p4, p5, p6, p7, p8;
  }

  /** The last id handed out and the staging stack. */
  private static class IntakeFields extends IntakePadding {
    /** The last task id handed out. */
    volatile long lastId;
    /** Newest first: tasks enqueued one by one, not yet in a heap. Pushed lock-free, taken under the queue's lock. */
    volatile @Nullable Entry staged;
  }

  /** See {@link IntakePadding}. */
  @SuppressWarnings("unused")
  private static final class Intake extends IntakeFields {
    long q1, q2, q3, q4, q5, q6, q7, q8;
  }

  /**
   * The newest succeeded tasks, at most {@link Builder#retainSucceeded} of them, in completion order:
   * a ring of columns of primitives and references (about 60 bytes per task and no object per
   * task), grown by doubling up to the limit and then reused, so succeeded tasks neither pile up
   * nor keep the garbage collector copying them. The id table holds {@link #ARCHIVED} for each; a
   * page attachment gives the task's position in completion order. Storing the next task over the
   * limit drops the oldest from the id table, as a purge would. Guarded by this object's monitor.
   */
  private static final class Succeeded {
    private static final int REFS = 5; // account, type, payload, unique key, last error
    private static final int TIMES = 3; // created, due, updated
    private static final int INTS = 3; // priority, max attempts, attempts

    final int limit;
    final IdTable<Entry> tasks;
    long[] ids = new long[0];
    Object[] refs = new Object[0];
    long[] times = new long[0];
    int[] ints = new int[0];
    boolean[] cancelRequested = new boolean[0];
    /** Instants outside the key range, made on first need. */
    @Nullable Instant[] far;
    /**
     * Positions of the tasks held: {@code first} (oldest) to {@code next - 1}, at most {@link #limit}
     * of them; position p is row {@code p % capacity}, the capacity a power of two.
     */
    long first;
    long next;
    /** Removals from the id table not counted yet, all in the page of {@code clearedId}. */
    int cleared;
    long clearedId;

    Succeeded(int limit, IdTable<Entry> tasks) {
      this.limit = limit;
      this.tasks = tasks;
    }

    private int capacity() {
      return ids.length;
    }

    private int row(long position) {
      return (int) position & (ids.length - 1);
    }

    /** The positions of one page's succeeded tasks, by index in the page. */
    private static long[] positions() {
      return new long[IdTable.PAGE_SIZE];
    }

    /** Moves a task that just succeeded here. Caller holds the entry's monitor. */
    synchronized void store(Entry e, Instant updatedAt) {
      if (limit == 0) {
        tasks.remove(e.id, e);
        return;
      }
      if (next - first == limit) {
        drop(first++, false); // its row is written again below when the capacity is the limit
      }
      if (next - first == capacity()) {
        grow(Math.max(16, 2 * capacity()));
      }
      long[] positions = tasks.attachment(e.id, Succeeded::positions);
      if (positions == null) { // cannot happen: the page holds this running task
        return;
      }
      positions[(int) (e.id & (IdTable.PAGE_SIZE - 1))] = next;
      int i = row(next++);
      ids[i] = e.id;
      int r = i * REFS;
      setRef(r, e.accountId);
      setRef(r + 1, e.type);
      setRef(r + 2, e.payload);
      setRef(r + 3, e.uniqueKey);
      setRef(r + 4, e.lastError);
      int t = i * TIMES;
      times[t] = key(e.createdAt);
      times[t + 1] = e.dueKey;
      times[t + 2] = key(updatedAt);
      if (far != null || isFar(times[t]) || isFar(times[t + 1]) || isFar(times[t + 2])) {
        if (far == null) {
          far = new Instant[capacity() * TIMES];
        }
        far[t] = e.createdAt;
        far[t + 1] = e.runAt;
        far[t + 2] = updatedAt;
      }
      int n = i * INTS;
      ints[n] = e.priority;
      ints[n + 1] = e.maxAttempts;
      ints[n + 2] = e.attempts;
      cancelRequested[i] = e.cancelRequested;
      tasks.set(e.id, ARCHIVED); // the slot holds e, and only the monitor holder of a running task changes it
    }

    /**
     * Writes a reference unless the row holds it already: the columns are long-lived, and a
     * reference store into them costs the garbage collector's write barrier a memory fence, while
     * the rows are mostly rewritten with the same account, type and often payload strings.
     */
    private void setRef(int index, @Nullable Object value) {
      if (refs[index] != value) {
        refs[index] = value;
      }
    }

    /** Re-lays the ring out in {@code capacity} rows, oldest first. */
    private void grow(int capacity) {
      long[] newIds = new long[capacity];
      Object[] newRefs = new Object[capacity * REFS];
      long[] newTimes = new long[capacity * TIMES];
      int[] newInts = new int[capacity * INTS];
      boolean[] newCancel = new boolean[capacity];
      Instant[] newFar = far == null ? null : new Instant[capacity * TIMES];
      for (long p = first; p < next; p++) {
        int from = row(p);
        int to = (int) (p % capacity);
        newIds[to] = ids[from];
        System.arraycopy(refs, from * REFS, newRefs, to * REFS, REFS);
        System.arraycopy(times, from * TIMES, newTimes, to * TIMES, TIMES);
        System.arraycopy(ints, from * INTS, newInts, to * INTS, INTS);
        newCancel[to] = cancelRequested[from];
        if (newFar != null) {
          System.arraycopy(far, from * TIMES, newFar, to * TIMES, TIMES);
        }
      }
      ids = newIds;
      refs = newRefs;
      times = newTimes;
      ints = newInts;
      cancelRequested = newCancel;
      far = newFar;
    }

    /**
     * Drops the task at {@code position} from the id table, freeing its strings unless its row is
     * reused at once. Only this ring changes the id-table slot of a succeeded task, so it clears
     * the slot with a plain write and counts the removals of one page together (tasks mostly
     * succeed in id order), handing the count over when a task of another page is dropped.
     */
    private void drop(long position, boolean free) {
      int i = row(position);
      long id = ids[i];
      tasks.clear(id);
      if (cleared > 0 && id / IdTable.PAGE_SIZE != clearedId / IdTable.PAGE_SIZE) {
        tasks.countCleared(clearedId, cleared);
        cleared = 0;
      }
      clearedId = id;
      cleared++;
      if (free) {
        Arrays.fill(refs, i * REFS, (i + 1) * REFS, null);
        if (far != null) {
          Arrays.fill(far, i * TIMES, (i + 1) * TIMES, null);
        }
      }
    }

    private static boolean isFar(long key) {
      return key == Long.MAX_VALUE || key == Long.MIN_VALUE;
    }

    private Instant time(int t) {
      return instant(times[t], far == null ? null : far[t]);
    }

    /** The row of succeeded task {@code id}, or -1 when it is no longer held. */
    private int rowOf(long id) {
      if (tasks.get(id) != ARCHIVED) {
        return -1;
      }
      long[] positions = tasks.attachment(id);
      if (positions == null) {
        return -1;
      }
      long p = positions[(int) (id & (IdTable.PAGE_SIZE - 1))];
      return p >= first && p < next && ids[row(p)] == id ? row(p) : -1;
    }

    /** The task, or {@code null} when it is no longer held. */
    synchronized @Nullable Task snapshot(long id) {
      int i = rowOf(id);
      if (i < 0) {
        return null;
      }
      int r = i * REFS;
      int t = i * TIMES;
      int n = i * INTS;
      return new Task(new TaskId(id), (String) refs[r], (String) refs[r + 1], (String) refs[r + 2], ints[n],
          TaskStatus.SUCCEEDED, time(t + 1), ints[n + 2], ints[n + 1], (String) refs[r + 3], time(t), time(t + 2),
          (String) refs[r + 4], null, null, cancelRequested[i]);
    }

    /** Calls {@code visitor} with the type of every task held. */
    synchronized void forEachType(java.util.function.Consumer<String> visitor) {
      for (long p = first; p < next; p++) {
        visitor.accept((String) refs[row(p) * REFS + 1]);
      }
    }

    /**
     * Drops the tasks that succeeded before {@code cutoff}, oldest first, up to the first that did
     * not (one that succeeded later by a clock that went back waits for a later purge).
     *
     * @return how many were dropped
     */
    synchronized int purge(long cutoffKey, Instant cutoff) {
      int n = 0;
      while (first < next) {
        int t = row(first) * TIMES + 2;
        if (compare(times[t], far == null ? null : far[t], cutoffKey, cutoff) >= 0) {
          break;
        }
        drop(first++, true);
        n++;
      }
      return n;
    }
  }

  /**
   * Positions of one kind in two parts: a {@link Run} for those that arrive in order, the
   * {@link Heap} for the others. {@link #top} gives the first of both fronts, and {@link #pop} and
   * {@link #topDue} then act on that front.
   */
  private static final class Positions {
    final Heap heap;
    final Run run;
    private boolean runFirst;

    Positions(int kind, IdTable<Entry> tasks) {
      heap = new Heap(kind, tasks);
      run = new Run(kind, tasks);
    }

    void add(Entry e, long t, Instant instant) {
      if (!run.add(e, t)) {
        heap.add(e, t, instant);
      }
    }

    /** The first task of both fronts (stale nodes dropped), or {@code null} when both are empty. */
    @Nullable Entry top() {
      Entry r = run.top();
      Entry h = heap.top();
      runFirst = r != null && (h == null || !run.after(heap));
      return runFirst ? r : h;
    }

    /** Removes the front that {@link #top} gave. */
    void pop() {
      if (runFirst) {
        run.pop();
      } else {
        heap.pop();
      }
    }

    /** Whether the front that {@link #top} gave is due by {@code now}. */
    boolean topDue(long nowKey, Instant now) {
      return runFirst ? compare(run.keys[3 * run.head + 1], null, nowKey, now) <= 0 : heap.topDue(nowKey, now);
    }

    int size() {
      return heap.size + run.size;
    }
  }

  /**
   * Positions that arrived in order: a ring of nodes (laid out as in {@link Heap}) sorted in the
   * heap's order, to which a node is appended only when it comes after the last one. New tasks due
   * at once usually do (their due time is their enqueue time and their ids increase), and so do
   * leases of one length, so the common case costs O(1) to add and to take instead of a heap's
   * O(log n) sift; the others go to the heap ({@link Positions}). Stale nodes are dropped at the
   * front or by a compaction each time the run has doubled since the last one, as in the heap.
   * Saturated time keys (outside 1677-2262) always go to the heap. Not thread-safe: used under the
   * queue's lock.
   */
  private static final class Run {
    private static final long LOW = 0xFFFF_FFFFL;

    final int kind;
    final IdTable<Entry> tasks;
    /** Node i: [3i] priority (high 32 bits) and version (low 32), [3i+1] time key, [3i+2] task id. */
    long[] keys = new long[3 * 16];
    /** Nodes the ring holds, less one (its capacity is a power of two). */
    int mask = 15;
    /** The front node's index; node j of the run is at {@code (head + j) & mask}. */
    int head;
    int size;
    int compactAt = Heap.MIN_COMPACT;

    Run(int kind, IdTable<Entry> tasks) {
      this.kind = kind;
      this.tasks = tasks;
    }

    /** Appends the task at time key {@code t} if it comes after the last node; whether it did. */
    boolean add(Entry e, long t) {
      if (t == Long.MAX_VALUE || t == Long.MIN_VALUE) {
        return false;
      }
      long pv = ((long) e.priority << 32) | (e.version & LOW);
      long[] k = keys;
      if (size > 0) {
        int last = 3 * ((head + size - 1) & mask);
        if (Heap.before(kind, pv, t, e.id, k[last], k[last + 1], k[last + 2])) {
          return false;
        }
      }
      if (size >= compactAt) {
        compact(); // keeps the order, so the task still comes after the (new) last node
      }
      if (size == mask + 1) {
        relayout(2 * (mask + 1));
      }
      int i = 3 * ((head + size) & mask);
      k = keys;
      k[i] = pv;
      k[i + 1] = t;
      k[i + 2] = e.id;
      size++;
      return true;
    }

    /** The task of the node at {@code i} (an array index) if the node still stands for its position. */
    private @Nullable Entry live(int i) {
      return Heap.live(tasks, kind, keys[i], keys[i + 2]);
    }

    /** The task at the front (stale nodes dropped), or {@code null} when empty. */
    @Nullable Entry top() {
      while (size > 0) {
        Entry e = live(3 * head);
        if (e != null) {
          return e;
        }
        pop();
      }
      return null;
    }

    /** Whether the heap's top node comes before this run's front node; both must be live (after their {@code top()}). */
    boolean after(Heap heap) {
      long[] k = keys;
      int i = 3 * head;
      long[] h = heap.keys;
      return heap.before(h[0], h[1], h[2], heap.far == null ? null : heap.far[0], k[i], k[i + 1], k[i + 2], null);
    }

    /** Removes the front node. */
    void pop() {
      head = (head + 1) & mask;
      if (--size == 0) {
        head = 0;
      }
      int capacity = mask + 1;
      if (size < capacity >> 2 && capacity > 1024) { // give back the room of a drained run
        relayout(capacity >> 1);
      }
    }

    /** Drops every stale node, keeping the order. */
    private void compact() {
      long[] k = keys;
      int kept = 0;
      for (int j = 0; j < size; j++) {
        int i = 3 * ((head + j) & mask);
        if (live(i) != null) {
          int to = 3 * ((head + kept++) & mask);
          k[to] = k[i];
          k[to + 1] = k[i + 1];
          k[to + 2] = k[i + 2];
        }
      }
      size = kept;
      compactAt = Math.max(Heap.MIN_COMPACT, size * 2);
    }

    /** Copies the run, front first, into a ring of {@code capacity} nodes (a power of two, at least {@link #size}). */
    private void relayout(int capacity) {
      long[] k = new long[3 * capacity];
      for (int j = 0; j < size; j++) {
        System.arraycopy(keys, 3 * ((head + j) & mask), k, 3 * j, 3);
      }
      keys = k;
      mask = capacity - 1;
      head = 0;
    }
  }

  /**
   * An array binary heap of task positions. A node is three longs side by side in one array
   * (priority and position version, time key, task id): a comparison reads one cache line, and
   * sifting moves primitives only, with no reference stores (and so no garbage-collector write
   * barriers) and no reads of the tasks; a node's task is found by id when it reaches the top. A
   * task whose position changes gets a new version, leaving its old node stale: stale nodes are
   * dropped when they reach the top, and by a compaction each time the heap has doubled since the
   * last one (amortised O(1) per add). Removing the top walks the hole down to a leaf along the
   * better children (one comparison per level) and sifts the last node up from there. Not
   * thread-safe: used under the queue's lock.
   */
  private static final class Heap {
    static final int READY = 0;
    static final int DUE = 1;
    static final int LEASE = 2;
    static final int MIN_COMPACT = 64;
    private static final long LOW = 0xFFFF_FFFFL;

    final int kind;
    final IdTable<Entry> tasks;
    /** Node i: [3i] priority (high 32 bits) and version (low 32), [3i+1] time key, [3i+2] task id. */
    long[] keys = new long[3 * 16];
    /** The instants of saturated time keys (outside 1677-2262), made on first need. */
    @Nullable Instant[] far;
    int size;
    int compactAt = MIN_COMPACT;

    Heap(int kind, IdTable<Entry> tasks) {
      this.kind = kind;
      this.tasks = tasks;
    }

    private int capacity() {
      return keys.length / 3;
    }

    /** The task of node {@code i} if the node still stands for its position, else {@code null}. */
    private @Nullable Entry live(int i) {
      return live(tasks, kind, keys[3 * i], keys[3 * i + 2]);
    }

    /**
     * The task of a node (priority and version {@code pv}, task {@code id}) in positions of
     * {@code kind}, if the node still stands for its position, else {@code null}.
     */
    static @Nullable Entry live(IdTable<Entry> tasks, int kind, long pv, long id) {
      Entry e = tasks.get(id); // an archived task's sentinel has version 0, no node has
      // The status is read without the task's monitor, safely: the one change made without the
      // queue's lock is a complete, which is final, so a status other than RUNNING here stays so.
      return e != null && (int) pv == e.version && (kind != LEASE || e.status == TaskStatus.RUNNING) ? e : null;
    }

    /** The task at the top (stale nodes dropped), or {@code null} when empty. */
    @Nullable Entry top() {
      while (size > 0) {
        Entry e = live(0);
        if (e != null) {
          return e;
        }
        pop();
      }
      return null;
    }

    /** Whether the top node's time is at or before {@code now}. Only after {@link #top()} gave a task. */
    boolean topDue(long nowKey, Instant now) {
      return compare(keys[1], far == null ? null : far[0], nowKey, now) <= 0;
    }

    void add(Entry e, long t, Instant instant) {
      if (size >= compactAt) {
        compact();
      }
      if (size == capacity()) {
        resize(size + (size >> 1) + 16);
      }
      Instant f = null;
      if (t == Long.MAX_VALUE || t == Long.MIN_VALUE) {
        if (far == null) {
          far = new Instant[capacity()];
        }
        f = instant;
      }
      siftUp(size++, ((long) e.priority << 32) | (e.version & LOW), t, e.id, f);
    }

    /** Removes the top node. */
    void pop() {
      int last = --size;
      long[] k = keys;
      if (last > 0) {
        int hole = 0;
        for (int child; (child = 2 * hole + 1) < last; hole = child) {
          int c = 3 * child;
          if (child + 1 < last && before(k[c + 3], k[c + 4], k[c + 5], far == null ? null : far[child + 1],
              k[c], k[c + 1], k[c + 2], far == null ? null : far[child])) {
            child++;
          }
          move(child, hole);
        }
        int l = 3 * last;
        siftUp(hole, k[l], k[l + 1], k[l + 2], far == null ? null : far[last]);
      }
      if (far != null) {
        far[last] = null;
      }
      if (last < capacity() >> 2 && capacity() > 1024) { // give back the room of a drained heap
        resize(Math.max(16, last * 2));
      }
    }

    /** Drops every stale node and restores the heap order. */
    private void compact() {
      int kept = 0;
      for (int i = 0; i < size; i++) {
        if (live(i) != null) {
          move(i, kept++);
        }
      }
      if (far != null) {
        Arrays.fill(far, kept, size, null);
      }
      size = kept;
      long[] k = keys;
      for (int i = (size >>> 1) - 1; i >= 0; i--) {
        siftDown(i, k[3 * i], k[3 * i + 1], k[3 * i + 2], far == null ? null : far[i]);
      }
      compactAt = Math.max(MIN_COMPACT, size * 2);
      int capacity = Math.max(16, size + (size >> 1) + 16);
      if (capacity < capacity() / 2) {
        resize(capacity);
      }
    }

    private void resize(int capacity) {
      keys = Arrays.copyOf(keys, 3 * capacity);
      if (far != null) {
        far = Arrays.copyOf(far, capacity);
      }
    }

    private void move(int from, int to) {
      long[] k = keys;
      k[3 * to] = k[3 * from];
      k[3 * to + 1] = k[3 * from + 1];
      k[3 * to + 2] = k[3 * from + 2];
      if (far != null) {
        far[to] = far[from];
      }
    }

    private void set(int i, long pv, long t, long s, @Nullable Instant f) {
      long[] k = keys;
      k[3 * i] = pv;
      k[3 * i + 1] = t;
      k[3 * i + 2] = s;
      if (far != null) {
        far[i] = f;
      }
    }

    private void siftUp(int i, long pv, long t, long s, @Nullable Instant f) {
      long[] k = keys;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        int q = 3 * parent;
        if (!before(pv, t, s, f, k[q], k[q + 1], k[q + 2], far == null ? null : far[parent])) {
          break;
        }
        move(parent, i);
        i = parent;
      }
      set(i, pv, t, s, f);
    }

    private void siftDown(int i, long pv, long t, long s, @Nullable Instant f) {
      long[] k = keys;
      int n = size;
      int half = n >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        int c = 3 * child;
        if (right < n && before(k[c + 3], k[c + 4], k[c + 5], far == null ? null : far[right],
            k[c], k[c + 1], k[c + 2], far == null ? null : far[child])) {
          child = right;
          c += 3;
        }
        if (!before(k[c], k[c + 1], k[c + 2], far == null ? null : far[child], pv, t, s, f)) {
          break;
        }
        move(child, i);
        i = child;
      }
      set(i, pv, t, s, f);
    }

    /** Whether the first node comes before the second in a heap of {@code kind}; neither time key is saturated. */
    static boolean before(int kind, long pv1, long t1, long s1, long pv2, long t2, long s2) {
      if (kind == READY) {
        int p1 = (int) (pv1 >> 32);
        int p2 = (int) (pv2 >> 32);
        if (p1 != p2) {
          return p1 > p2;
        }
      }
      return t1 != t2 ? t1 < t2 : s1 < s2;
    }

    /** Whether the first node comes before the second: priority (ready heap only), time, then id. */
    private boolean before(long pv1, long t1, long s1, @Nullable Instant f1, long pv2, long t2, long s2,
        @Nullable Instant f2) {
      if (kind == READY) {
        int p1 = (int) (pv1 >> 32);
        int p2 = (int) (pv2 >> 32);
        if (p1 != p2) {
          return p1 > p2;
        }
      }
      if (t1 != t2) {
        return t1 < t2;
      }
      int c = compare(t1, f1, t2, f2);
      return c != 0 ? c < 0 : s1 < s2;
    }
  }

  /**
   * A task. The finals are immutable; the task's fields are guarded by the queue's lock while it is
   * queued (a claim writes {@code status} last, with release semantics, for {@link #holds}) and
   * also by the entry's monitor from then on; its position ({@code staged}, {@code version},
   * {@code next}) by the queue's lock, and {@code dueKey} by both, as it changes with {@code runAt}.
   */
  private static final class Entry {
    final long id;
    final String accountId;
    final String type;
    final String payload;
    final int priority;
    final int maxAttempts;
    final @Nullable String uniqueKey;
    final Instant createdAt;
    TaskStatus status = TaskStatus.QUEUED;
    Instant runAt;
    int attempts;
    Instant updatedAt;
    @Nullable String lastError;
    @Nullable String lockedBy;
    @Nullable Instant leaseExpiresAt;
    boolean cancelRequested;
    boolean purged;

    /** Whether the task waits on the staging stack, in no heap yet. */
    boolean staged = true;
    /** Bumped whenever the task's heap position changes; a node with an older version is stale. */
    int version;
    long dueKey;
    @Nullable Entry next;

    Entry(long id, TaskSpec spec, Instant now) {
      this.id = id;
      this.accountId = spec.accountId();
      this.type = spec.type();
      this.payload = spec.payload();
      this.priority = spec.priority();
      this.maxAttempts = spec.maxAttempts();
      this.uniqueKey = spec.uniqueKey();
      this.createdAt = now;
      this.runAt = spec.runAt() == null ? now : spec.runAt();
      this.dueKey = key(runAt);
      this.updatedAt = now;
    }

    Task snapshot() {
      return new Task(new TaskId(id), accountId, type, payload, priority, status, runAt, attempts, maxAttempts,
          uniqueKey, createdAt, updatedAt, lastError, lockedBy, leaseExpiresAt, cancelRequested);
    }
  }

  /** Builds an {@link InMemoryTaskQueue}; each option documents its default. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private int maxPayloadBytes = QueueChecks.DEFAULT_MAX_PAYLOAD_BYTES;
    private Duration leaseRecoveryInterval = Duration.ZERO;
    private int retainSucceeded = DEFAULT_RETAIN_SUCCEEDED;

    private Builder() {}

    /**
     * The clock for due times, leases and backoff; default {@link Clock#systemUTC()}. A system clock
     * is read with millisecond precision from a field that a shared daemon thread updates every
     * millisecond while queues read it (it ends after 100 ms without readings), so a reading may
     * lag the system clock by about a millisecond; any other clock is read as its instants come.
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw ValidationException.of("InMemoryTaskQueue", "clock", "is required");
      }
      this.clock = clock;
      return this;
    }

    /** The backoff between attempts of a failed task; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      if (retryPolicy == null) {
        throw ValidationException.of("InMemoryTaskQueue", "retryPolicy", "is required");
      }
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** The largest payload accepted, in bytes of UTF-8; default 65,536 (64 KiB). At least 1. */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      if (maxPayloadBytes < 1) {
        throw ValidationException.of("InMemoryTaskQueue", "maxPayloadBytes", "must be at least 1, was " + maxPayloadBytes);
      }
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /**
     * The least time between two checks for expired leases made by {@link TaskQueue#claim}; default
     * zero: every claim checks, which costs one comparison when no lease expired. {@link TaskQueue#stats()}
     * always checks.
     */
    public Builder leaseRecoveryInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw ValidationException.of("InMemoryTaskQueue", "leaseRecoveryInterval", "must not be negative, was " + interval);
      }
      this.leaseRecoveryInterval = interval;
      return this;
    }

    /**
     * How many succeeded tasks stay readable ({@link TaskQueue#find}, {@link TaskQueue#list},
     * {@link TaskQueue#stats}) after they complete: the newest this many by completion, about 60
     * bytes each; completing one more drops the oldest, as {@link TaskQueue#purge} would. Default
     * {@value #DEFAULT_RETAIN_SUCCEEDED}; 0 drops a task as it succeeds; at most {@value
     * #MAX_RETAIN_SUCCEEDED}. Cancelled and dead tasks are kept until purged, whatever this says.
     */
    public Builder retainSucceeded(int tasks) {
      if (tasks < 0 || tasks > MAX_RETAIN_SUCCEEDED) {
        throw ValidationException.of("InMemoryTaskQueue", "retainSucceeded",
            "must be between 0 and " + MAX_RETAIN_SUCCEEDED + ", was " + tasks);
      }
      this.retainSucceeded = tasks;
      return this;
    }

    /** Builds the queue. */
    public InMemoryTaskQueue build() {
      return new InMemoryTaskQueue(this);
    }
  }
}
