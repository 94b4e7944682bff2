package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.exception.LeaseLostException;
import ai.clouvel.sdk.exception.ValidationException;
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
import java.util.concurrent.atomic.AtomicLong;
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
 * <p><b>Concurrency.</b> Positions are array binary heaps under one lock: due tasks in claim order
 * (priority descending, due time, id), tasks due later by due time, and running tasks by lease
 * expiry. Each task knows its index in its heap, so cancelling, rescheduling, failing, releasing or
 * extending one moves it in O(log n). Keys are compared as primitive longs (nanoseconds since the
 * epoch; the task's own {@link Instant}s are kept for what the queue returns, so no precision is
 * lost). {@link #enqueue} never takes that lock: it pushes the task onto a lock-free staging stack,
 * which the next {@link #claim} (or any other operation that needs the heaps) moves into the heaps
 * before it looks for work, so a task is claimable as soon as {@code enqueue} returns. A task's own
 * fields are changed under its monitor, which is what fences {@link #complete}: it takes only that
 * monitor, never the queue's lock, and leaves the finished task's lease position to be dropped
 * lazily (when it reaches the head of the lease heap or when the lease heap is compacted, once it
 * has grown to twice its size after the last compaction). Lease recovery stays exact: at every
 * claim (or each {@link Builder#leaseRecoveryInterval}) the lease heap's head is compared with the
 * clock, so a task whose lease expired is claimable by that very claim. {@link #stats}, {@link #list}
 * and {@link #purge} walk every task, one monitor at a time.
 *
 * <p><b>Memory.</b> About 120 bytes per queued task on a 64-bit JVM with compressed pointers
 * (measured with JOL: 121 bytes per task for 1,000,000 queued tasks sharing one payload string, 123
 * by used heap after a full collection), plus the task's own
 * strings: its payload at 1 byte per character when Latin-1, else 2. That is the task entry (its
 * fields, its heap index, its keys), one {@link Instant} shared by its creation, update and due
 * times, its slot in a paged id table (4 bytes) and in a heap array. A running task adds a lease
 * {@link Instant} and its lease heap slot. Finished tasks stay in memory until {@link #purge}d; a
 * purge frees whole pages of the id table once all their tasks are gone.
 *
 * <p>Everything time-based uses the {@link Clock} given to the builder, so tests and benchmarks can
 * drive it; no method sleeps or starts a thread.
 */
public final class InMemoryTaskQueue implements TaskQueue {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryTaskQueue.class);
  private static final String LEASE_EXPIRED = "lease expired";
  private static final VarHandle STAGED;

  static {
    try {
      STAGED = MethodHandles.lookup().findVarHandle(InMemoryTaskQueue.class, "staged", Entry.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final int maxPayloadBytes;
  private final Duration leaseRecoveryInterval;

  private final AtomicLong ids = new AtomicLong();
  private final IdTable<Entry> tasks = new IdTable<>();
  private final ConcurrentHashMap<UniqueKey, Long> activeKeys = new ConcurrentHashMap<>();
  private final Object listenersLock = new Object();
  private volatile Runnable[] listeners = new Runnable[0];

  /** Newest first: tasks enqueued one by one, not yet in a heap. Pushed lock-free, taken under {@link #lock}. */
  @SuppressWarnings("unused") // accessed through STAGED
  private volatile @Nullable Entry staged;

  /** Guards the heaps, every entry's position fields and the recovery schedule. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Heap ready = new Heap(Heap.READY);
  private final Heap scheduled = new Heap(Heap.DUE);
  private final Heap leases = new Heap(Heap.LEASE);
  private int compactLeasesAt = Heap.MIN_COMPACT;
  private long nextRecoveryKey = Long.MIN_VALUE;
  private @Nullable Instant nextRecovery;

  private InMemoryTaskQueue(Builder b) {
    this.clock = b.clock;
    this.retryPolicy = b.retryPolicy;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.leaseRecoveryInterval = b.leaseRecoveryInterval;
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
    Instant now = clock.instant();
    long id = ids.incrementAndGet();
    long existing = reserveKey(spec, id);
    if (existing != 0) {
      return new TaskId(existing);
    }
    Entry e = new Entry(id, spec, now);
    tasks.put(id, e);
    Entry head;
    do {
      head = staged;
      e.next = head;
    } while (!STAGED.weakCompareAndSet(this, head, e));
    fireAvailable();
    return new TaskId(id);
  }

  @Override
  public List<TaskId> enqueueAll(List<TaskSpec> specs) {
    QueueChecks.specs(specs, maxPayloadBytes);
    if (specs.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    TaskId[] out = new TaskId[specs.size()];
    Entry chain = null;
    for (int i = 0; i < out.length; i++) {
      TaskSpec spec = specs.get(i);
      long id = ids.incrementAndGet();
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
        Instant at = clock.instant();
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
    tasks.remove(id);
    return existing;
  }

  // ---------------------------------------------------------------- claim

  @Override
  public List<ClaimedTask> claim(String worker, int max, Duration lease) {
    if (worker == null || max < 1 || lease == null || worker.isBlank() || worker.length() > QueueChecks.MAX_WORKER_CHARS
        || worker.indexOf('\0') >= 0 || lease.isNegative() || lease.isZero() || lease.compareTo(QueueChecks.MAX_LEASE) > 0) {
      QueueChecks.claim(worker, max, lease); // throws, naming each bad field
    }
    Instant now = clock.instant();
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
        Entry e = ready.peek();
        if (e == null) {
          break;
        }
        ready.removeAt(0);
        if (compare(e.dueKey, e.runAt, nowKey, now) > 0) { // the clock went back: not due any more
          e.where = Entry.SCHEDULED;
          scheduled.add(e);
          continue;
        }
        ClaimedTask c;
        synchronized (e) {
          e.status = TaskStatus.RUNNING;
          e.attempts++;
          e.lockedBy = worker;
          e.leaseExpiresAt = expires;
          e.updatedAt = now;
          c = new ClaimedTask(e.snapshot(), worker, e.attempts, expires);
        }
        e.leaseKey = expiresKey;
        e.leaseAt = expires;
        e.where = Entry.LEASED;
        leases.add(e);
        if (n++ == 0) {
          first = c;
        } else {
          if (out == null) {
            out = new ArrayList<>(Math.min(max, n + ready.size));
            out.add(first);
          }
          out.add(c);
        }
      }
      if (leases.size >= compactLeasesAt) {
        compactLeases();
      }
    } finally {
      lock.unlock();
    }
    return out != null ? out : first != null ? List.of(first) : List.of();
  }

  /** Moves the staged tasks into the heaps. Caller holds {@link #lock}. */
  private void drainStaged(Instant now, long nowKey) {
    if (staged != null) {
      placeChain((Entry) STAGED.getAndSet(this, null), now, nowKey);
    }
  }

  /** Places a chain of new tasks (those cancelled meanwhile are dropped). Caller holds {@link #lock}. */
  private void placeChain(@Nullable Entry e, Instant now, long nowKey) {
    while (e != null) {
      Entry next = e.next;
      e.next = null;
      if (e.status == TaskStatus.QUEUED) {
        place(e, now, nowKey);
      } else {
        e.where = Entry.NOWHERE;
      }
      e = next;
    }
  }

  /** Moves tasks that became due from the scheduled heap to the ready heap. Caller holds {@link #lock}. */
  private void promoteDue(Instant now, long nowKey) {
    for (Entry e = scheduled.peek(); e != null && compare(e.dueKey, e.runAt, nowKey, now) <= 0; e = scheduled.peek()) {
      scheduled.removeAt(0);
      e.where = Entry.READY;
      ready.add(e);
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
    for (Entry e = leases.peek(); e != null && compare(e.leaseKey, e.leaseAt, nowKey, now) <= 0; e = leases.peek()) {
      leases.removeAt(0);
      e.where = Entry.NOWHERE;
      e.leaseAt = null;
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

  /**
   * Drops from the lease heap the tasks that were completed (without the queue's lock) while their
   * lease ran. Caller holds {@link #lock}.
   */
  private void compactLeases() {
    Entry[] a = leases.array;
    int kept = 0;
    for (int i = 0; i < leases.size; i++) {
      Entry e = a[i];
      // A racy read, and a safe one: a task leaves RUNNING for good only by a complete, which is the
      // only change made without this lock, so a status other than RUNNING here is final.
      if (e.status == TaskStatus.RUNNING) {
        a[kept++] = e;
      } else {
        e.where = Entry.NOWHERE;
        e.index = -1;
        e.leaseAt = null;
      }
    }
    Arrays.fill(a, kept, leases.size, null);
    leases.size = kept;
    leases.heapify();
    leases.shrink();
    compactLeasesAt = Math.max(Heap.MIN_COMPACT, kept * 2);
  }

  // ---------------------------------------------------------------- finishing an attempt

  @Override
  public void complete(ClaimedTask task) {
    QueueChecks.claimed(task, "task");
    if (!tryComplete(task, clock.instant())) {
      throw lost(task);
    }
  }

  @Override
  public List<ClaimedTask> completeAll(List<ClaimedTask> claimed) {
    QueueChecks.claimedList(claimed);
    if (claimed.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
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

  /** Completes under the task's monitor only; its lease heap position is dropped later. */
  private boolean tryComplete(ClaimedTask task, Instant now) {
    Entry e = tasks.get(task.id().value());
    if (e == null) {
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
      return true;
    }
  }

  @Override
  public void fail(ClaimedTask task, Failure failure) {
    QueueChecks.claimed(task, "task");
    QueueChecks.failure(failure);
    Duration delay = QueueChecks.retryDelay(retryPolicy, failure, task.attempt());
    Instant now = clock.instant();
    Entry e = tasks.get(task.id().value());
    if (e == null) {
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
    Instant now = clock.instant();
    Entry e = tasks.get(task.id().value());
    if (e == null) {
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
    Instant now = clock.instant();
    Entry e = tasks.get(task.id().value());
    if (e == null) {
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
        e.leaseAt = expires;
        e.leaseKey = key(expires);
        leases.changed(e);
        return Optional.of(task.withLeaseExpiresAt(expires));
      }
    } finally {
      lock.unlock();
    }
  }

  private static boolean holds(Entry e, ClaimedTask task) {
    return !e.purged && e.status == TaskStatus.RUNNING && e.attempts == task.attempt()
        && task.worker().equals(e.lockedBy);
  }

  private LeaseLostException lost(ClaimedTask task) {
    Entry e = tasks.get(task.id().value());
    String now;
    if (e == null) {
      now = "the task no longer exists";
    } else {
      synchronized (e) {
        now = "it is " + e.status + " at attempt " + e.attempts
            + (e.lockedBy == null ? "" : " held by " + e.lockedBy);
      }
    }
    return new LeaseLostException(task.id().value(),
        "attempt " + task.attempt() + " by " + task.worker() + " no longer holds the task; " + now);
  }

  // ---------------------------------------------------------------- management

  @Override
  public boolean cancel(TaskId id) {
    QueueChecks.notNull(id, "id");
    Instant now = clock.instant();
    Entry e = tasks.get(id.value());
    if (e == null) {
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
    Instant now = clock.instant();
    Entry e = tasks.get(id.value());
    if (e == null) {
      return false;
    }
    lock.lock();
    try {
      synchronized (e) {
        if (e.purged || e.status != TaskStatus.QUEUED) {
          return false;
        }
        e.updatedAt = now;
        if (e.where == Entry.STAGED) { // placed by its new due time when it is drained
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
    Entry e = tasks.get(id.value());
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return e.purged ? Optional.empty() : Optional.of(e.snapshot());
    }
  }

  @Override
  public List<Task> list(TaskFilter filter) {
    QueueChecks.notNull(filter, "filter");
    List<Task> page = new ArrayList<>(Math.min(filter.limit(), 64));
    int[] skip = {filter.offset()};
    tasks.forEachDescending(e -> {
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
      return page.size() < filter.limit();
    });
    return List.copyOf(page);
  }

  @Override
  public QueueStats stats() {
    Instant now = clock.instant();
    lock.lock();
    try {
      recoverExpiredLeases(now, key(now));
    } finally {
      lock.unlock();
    }
    long[] byStatus = new long[TaskStatus.values().length];
    Map<String, long[]> byType = new HashMap<>();
    Instant[] oldestDue = {null};
    tasks.forEach(e -> {
      synchronized (e) {
        if (e.purged) {
          return;
        }
        int s = e.status.ordinal();
        byStatus[s]++;
        byType.computeIfAbsent(e.type, t -> new long[byStatus.length])[s]++;
        if (e.status == TaskStatus.QUEUED && !e.runAt.isAfter(now)
            && (oldestDue[0] == null || e.runAt.isBefore(oldestDue[0]))) {
          oldestDue[0] = e.runAt;
        }
      }
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
    Instant cutoff = clock.instant().minus(QueueChecks.age(olderThan));
    List<Entry> old = new ArrayList<>();
    tasks.forEach(e -> {
      synchronized (e) {
        boolean finished = e.status == TaskStatus.SUCCEEDED || e.status == TaskStatus.CANCELLED
            || (includeDead && e.status == TaskStatus.DEAD);
        if (!e.purged && finished && e.updatedAt.isBefore(cutoff)) {
          e.purged = true;
          old.add(e);
        }
      }
    });
    for (Entry e : old) {
      tasks.remove(e.id); // a completed task's stale lease position, if any, goes at the next compaction
    }
    return old.size();
  }

  @Override
  public boolean requeueDead(TaskId id) {
    QueueChecks.notNull(id, "id");
    Entry e = tasks.get(id.value());
    if (e == null) {
      return false;
    }
    Instant now = clock.instant();
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
    Instant now = clock.instant();
    long nowKey = key(now);
    List<Entry> dead = new ArrayList<>();
    tasks.forEach(e -> {
      if (type == null || type.equals(e.type)) {
        synchronized (e) {
          if (e.status == TaskStatus.DEAD) { // checked again under the queue's lock
            dead.add(e);
          }
        }
      }
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

  /** Unregisters every callback. The tasks stay readable; the queue holds no thread or connection. */
  @Override
  public void close() {
    synchronized (listenersLock) {
      listeners = new Runnable[0];
    }
  }

  // ---------------------------------------------------------------- positions

  /** Puts a queued task into the ready or the scheduled heap. Caller holds {@link #lock}. */
  private void place(Entry e, Instant now, long nowKey) {
    if (compare(e.dueKey, e.runAt, nowKey, now) <= 0) {
      e.where = Entry.READY;
      ready.add(e);
    } else {
      e.where = Entry.SCHEDULED;
      scheduled.add(e);
    }
  }

  /**
   * Takes a queued task out of its heap; a staged one stays on the staging stack (and is placed, or
   * dropped when no longer queued, when the stack is drained). Caller holds {@link #lock}.
   */
  private void unplace(Entry e) {
    if (e.where == Entry.READY) {
      ready.removeAt(e.index);
      e.where = Entry.NOWHERE;
    } else if (e.where == Entry.SCHEDULED) {
      scheduled.removeAt(e.index);
      e.where = Entry.NOWHERE;
    }
  }

  /** Ends a running task's lease. Caller holds {@link #lock} and the entry's monitor. */
  private void endLease(Entry e, Instant now) {
    if (e.where == Entry.LEASED) {
      leases.removeAt(e.index);
      e.where = Entry.NOWHERE;
      e.leaseAt = null;
    }
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

  private record UniqueKey(String accountId, String key) {}

  /**
   * An array binary heap of entries, each of which knows its index, so any entry is removed or
   * re-sorted in O(log n). Not thread-safe: used under the queue's lock.
   */
  private static final class Heap {
    static final int READY = 0;
    static final int DUE = 1;
    static final int LEASE = 2;
    static final int MIN_COMPACT = 64;

    final int order;
    Entry[] array = new Entry[16];
    int size;

    Heap(int order) {
      this.order = order;
    }

    @Nullable Entry peek() {
      return size == 0 ? null : array[0];
    }

    void add(Entry e) {
      if (size == array.length) {
        array = Arrays.copyOf(array, size + (size >> 1) + 16);
      }
      siftUp(size++, e);
    }

    void removeAt(int i) {
      Entry[] a = array;
      Entry gone = a[i];
      int last = --size;
      Entry moved = a[last];
      a[last] = null;
      if (i != last) {
        siftDown(i, moved);
        if (a[i] == moved) {
          siftUp(i, moved);
        }
      }
      gone.index = -1;
      if (size < (a.length >> 2) && a.length > 1024) {
        shrink();
      }
    }

    /** Re-sorts an entry whose key changed. */
    void changed(Entry e) {
      int i = e.index;
      siftUp(i, e);
      if (array[i] == e) {
        siftDown(i, e);
      }
    }

    void heapify() {
      for (int i = (size >>> 1) - 1; i >= 0; i--) {
        siftDown(i, array[i]);
      }
      for (int i = 0; i < size; i++) {
        array[i].index = i;
      }
    }

    void shrink() {
      int capacity = Math.max(16, size + (size >> 1));
      if (capacity < array.length) {
        array = Arrays.copyOf(array, capacity);
      }
    }

    private void siftUp(int k, Entry x) {
      Entry[] a = array;
      while (k > 0) {
        int parent = (k - 1) >>> 1;
        Entry p = a[parent];
        if (!before(x, p)) {
          break;
        }
        a[k] = p;
        p.index = k;
        k = parent;
      }
      a[k] = x;
      x.index = k;
    }

    private void siftDown(int k, Entry x) {
      Entry[] a = array;
      int n = size;
      int half = n >>> 1;
      while (k < half) {
        int child = 2 * k + 1;
        Entry c = a[child];
        int right = child + 1;
        if (right < n && before(a[right], c)) {
          c = a[child = right];
        }
        if (!before(c, x)) {
          break;
        }
        a[k] = c;
        c.index = k;
        k = child;
      }
      a[k] = x;
      x.index = k;
    }

    /** Whether {@code x} comes before {@code y} in this heap's order. */
    private boolean before(Entry x, Entry y) {
      int c;
      if (order == LEASE) {
        c = compare(x.leaseKey, x.leaseAt, y.leaseKey, y.leaseAt);
      } else {
        if (order == READY && x.priority != y.priority) {
          return x.priority > y.priority;
        }
        c = compare(x.dueKey, x.runAt, y.dueKey, y.runAt);
      }
      return c != 0 ? c < 0 : x.id < y.id;
    }
  }

  /**
   * A task. The finals are immutable; the task's fields are guarded by the entry's monitor; its
   * position ({@code where}, {@code index}, the keys, {@code leaseAt}) by the queue's lock, and
   * {@code dueKey} by both, as it changes with {@code runAt}.
   */
  private static final class Entry {
    static final byte NOWHERE = 0;
    static final byte STAGED = 1;
    static final byte READY = 2;
    static final byte SCHEDULED = 3;
    static final byte LEASED = 4;

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

    byte where = STAGED;
    int index = -1;
    long dueKey;
    long leaseKey;
    @Nullable Instant leaseAt;
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

    private Builder() {}

    /** The clock for due times, leases and backoff; default {@link Clock#systemUTC()}. */
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

    /** Builds the queue. */
    public InMemoryTaskQueue build() {
      return new InMemoryTaskQueue(this);
    }
  }
}
