package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.LeaseLostException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.internal.jdbc.Dialect;
import ai.clouvel.sdk.internal.jdbc.Migrations;
import ai.clouvel.sdk.internal.queue.ClaimCursor;
import ai.clouvel.sdk.internal.queue.ClaimCursor.Position;
import ai.clouvel.sdk.internal.queue.PgListener;
import ai.clouvel.sdk.internal.queue.QueueChecks;
import ai.clouvel.sdk.internal.queue.TaskSql;
import ai.clouvel.sdk.internal.queue.TaskSql.Binder;
import ai.clouvel.sdk.internal.queue.TaskSql.From;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link TaskQueue} in a relational database: an embedded H2 file for one process, or
 * PostgreSQL for many workers on many machines.
 *
 * <pre>{@code
 * TaskQueue queue = JdbcTaskQueue.builder(dataSource)
 *     .migrate(true)                 // create or upgrade the clouvel_tasks table
 *     .build();
 * }</pre>
 *
 * <p><b>Time.</b> By default due times and leases use the database's clock
 * ({@code CURRENT_TIMESTAMP}), so nodes whose clocks drift still agree. A {@link Clock} can be
 * given instead (tests, benchmarks); then every node must use the same one.
 *
 * <p><b>Claiming.</b> On PostgreSQL one statement picks the best due rows with
 * {@code FOR UPDATE SKIP LOCKED} over a partial index in claim order and marks them running;
 * concurrent claimers skip each other's rows instead of waiting. Each claim starts reading that
 * index where the previous one ended, not over the entries claimed tasks leave until the next
 * vacuum (see {@link Builder#claimCursorMaxAge} for what that changes). On H2 (one process) claims take
 * turns within the JVM, each one {@code UPDATE} over an index-ordered pick, read back through
 * {@code FINAL TABLE}. Every claim first ends the leases that
 * expired (at most once per {@link Builder#leaseRecoveryInterval}), so a crashed worker's tasks
 * run again within the lease plus that interval.
 *
 * <p><b>Round trips.</b> {@link #enqueueAll} and {@link #completeAll} are one statement each on
 * PostgreSQL (array parameters, one prepared statement for any batch size) and one JDBC batch on H2.
 *
 * <p><b>Durability.</b> Every change commits as the database is configured (on PostgreSQL's
 * defaults: flushed to disk before the call returns), except that PostgreSQL claims by default do
 * not wait for the flush: a claim lost in a server crash only makes the task claimable again, as
 * an expired lease does. See {@link Builder#durableClaims}.
 *
 * <p><b>Notifications.</b> {@link #onAvailable} callbacks run after enqueues in this process; on
 * PostgreSQL a trigger also calls {@code pg_notify} in the enqueueing transaction, and the queue
 * keeps one listening connection (from the {@code DataSource}, on its own daemon thread, opened on
 * the first registration) to hear other nodes' enqueues. {@link #close()} ends that thread and
 * connection; the {@code DataSource} itself is never closed by the queue.
 */
public final class JdbcTaskQueue implements TaskQueue {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskQueue.class);
  private static final List<String> SCRIPTS = List.of("V1__create_tasks.sql");
  private static final String UNIQUE_VIOLATION = "23505";
  private static final ConcurrentHashMap<String, ReentrantLock> H2_CLAIM_LOCKS = new ConcurrentHashMap<>();
  /** The order of claim positions, which the cursor relies on: a claim's last task is its furthest. */
  private static final Comparator<ClaimedTask> CLAIM_ORDER = Comparator.comparing(c -> position(c.task()));

  private final DataSource dataSource;
  private final @Nullable Clock clock;
  private final RetryPolicy retryPolicy;
  private final int maxPayloadBytes;
  private final Duration leaseRecoveryInterval;
  private final Dialect dialect;
  private final TaskSql sql;
  /** Whether claims commit without waiting for the disk (PostgreSQL, unless durableClaims). */
  private final boolean asyncClaims;
  /** Where claims start reading the claim index (PostgreSQL, unless turned off). */
  private final @Nullable ClaimCursor cursor;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** H2 only: serialises claims of every queue in this JVM on one database (H2 is single-process). */
  private final @Nullable ReentrantLock h2ClaimLock;
  /** PostgreSQL only, unless turned off: a permit per row this queue's claims are taking. */
  private final @Nullable Semaphore claimRows;
  private final int claimRowsInFlight;
  private final Object recoveryLock = new Object();
  private long nextRecoveryNanos = System.nanoTime(); // due at once
  private @Nullable Instant nextRecoveryAt;
  private @Nullable PgListener pgListener;
  private volatile boolean closed;

  private JdbcTaskQueue(Builder b) {
    this.dataSource = b.dataSource;
    this.clock = b.clock;
    this.retryPolicy = b.retryPolicy;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.leaseRecoveryInterval = b.leaseRecoveryInterval;
    String url;
    try (Connection c = connection()) {
      this.dialect = Dialect.of(c);
      url = String.valueOf(c.getMetaData().getURL());
    } catch (SQLException e) {
      throw new ClouvelException("Cannot connect to the task queue's database: " + e.getMessage(), e, true);
    }
    this.sql = new TaskSql(dialect, clock);
    this.asyncClaims = dialect == Dialect.POSTGRESQL && !b.durableClaims;
    this.cursor = dialect == Dialect.POSTGRESQL && !b.claimCursorMaxAge.isZero()
        ? new ClaimCursor(b.claimCursorMaxAge.toNanos(), System::nanoTime, clock) : null;
    // H2 applies LIMIT before SKIP LOCKED, so concurrent claimers could come back empty while due
    // tasks remain: claims on one H2 database take turns instead (they are short).
    this.h2ClaimLock = dialect == Dialect.H2 ? H2_CLAIM_LOCKS.computeIfAbsent(url, u -> new ReentrantLock()) : null;
    this.claimRowsInFlight = b.claimRowsInFlight;
    this.claimRows = dialect == Dialect.POSTGRESQL && b.claimRowsInFlight > 0 ? new Semaphore(b.claimRowsInFlight, true) : null;
    if (b.migrate) {
      migrate();
    }
  }

  /** A builder for a queue in the database behind {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Creates or upgrades the queue's table and indexes ({@code clouvel_tasks}) with the SDK's
   * versioned migration scripts; safe to call from many nodes at once.
   *
   * @return how many scripts were applied now
   */
  public int migrate() {
    return Migrations.apply(dataSource, "queue", SCRIPTS);
  }

  // ---------------------------------------------------------------- enqueue

  @Override
  public TaskId enqueue(TaskSpec spec) {
    QueueChecks.spec(spec, maxPayloadBytes, "spec");
    TaskId id = enqueueAll0(List.of(spec)).get(0);
    fireAvailable();
    return id;
  }

  @Override
  public List<TaskId> enqueueAll(List<TaskSpec> specs) {
    QueueChecks.specs(specs, maxPayloadBytes);
    if (specs.isEmpty()) {
      return List.of();
    }
    List<TaskId> ids = enqueueAll0(specs);
    fireAvailable();
    return ids;
  }

  private List<TaskId> enqueueAll0(List<TaskSpec> specs) {
    // The first spec of each (account, unique key) is sent; later ones get its id.
    int n = specs.size();
    int[] sameAs = new int[n];
    Map<List<String>, Integer> firstByKey = new HashMap<>();
    List<Integer> sent = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      TaskSpec s = specs.get(i);
      sameAs[i] = i;
      if (s.uniqueKey() != null) {
        Integer first = firstByKey.putIfAbsent(List.of(s.accountId(), s.uniqueKey()), i);
        if (first != null) {
          sameAs[i] = first;
          continue;
        }
      }
      sent.add(i);
    }
    TaskId[] ids = new TaskId[n];
    for (int attempt = 1; ; attempt++) {
      try {
        insertBatch(specs, sent, ids);
        break;
      } catch (SQLException e) {
        if (attempt >= 3 || !isConflictOrTransient(e)) {
          throw failure("enqueue", e);
        }
        // A concurrent enqueue of the same unique key or a deadlock: the transaction was rolled
        // back, so nothing of this batch is stored; try it again.
        Arrays.fill(ids, null);
      }
    }
    TaskId[] out = new TaskId[n];
    for (int i = 0; i < n; i++) {
      out[i] = ids[sameAs[i]];
    }
    return List.of(out);
  }

  /**
   * A connection in auto-commit mode, whatever the pool's default: every statement of this queue
   * that runs outside an explicit transaction must commit on its own (a pool configured with
   * auto-commit off, as JPA set-ups often are, would otherwise roll it back when the connection
   * is returned). Pools restore their default when the connection goes back.
   */
  private Connection connection() throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void insertBatch(List<TaskSpec> specs, List<Integer> sent, TaskId[] ids) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      insertArrays(specs, sent, ids);
      return;
    }
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        List<Integer> conflicts = new ArrayList<>(0);
        try (PreparedStatement ps = c.prepareStatement(sql.insert, new String[] {"id"})) {
          Binder b = sql.bind(ps);
          for (int i : sent) {
            bindInsert(b.reset(), specs.get(i));
            ps.addBatch();
          }
          int[] counts = ps.executeBatch();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            for (int k = 0; k < counts.length; k++) {
              int i = sent.get(k);
              if (counts[k] == 0) {
                conflicts.add(i);
              } else if (keys.next()) {
                ids[i] = new TaskId(keys.getLong(1));
              } else {
                throw new SQLException("The database returned fewer generated ids than inserted rows");
              }
            }
          }
        }
        for (int i : conflicts) {
          ids[i] = insertOrFindExisting(c, specs.get(i));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * PostgreSQL: the whole batch is one {@code INSERT ... SELECT FROM unnest(arrays)} (one prepared
   * statement for any batch size). Without unique keys nothing can conflict, so that statement is
   * the transaction; with them, the conflicting specs are resolved in the same transaction.
   */
  private void insertArrays(List<TaskSpec> specs, List<Integer> sent, TaskId[] ids) throws SQLException {
    List<TaskSpec> rows = new ArrayList<>(sent.size());
    boolean keyed = false;
    for (int i : sent) {
      TaskSpec s = specs.get(i);
      rows.add(s);
      keyed |= s.uniqueKey() != null;
    }
    try (Connection c = connection()) {
      if (keyed) {
        c.setAutoCommit(false);
      }
      try {
        List<Integer> conflicts = new ArrayList<>(0);
        Position earliest = null;
        try (PreparedStatement ps = c.prepareStatement(sql.insertArrays)) {
          sql.bindInsertArrays(ps, rows);
          try (ResultSet rs = ps.executeQuery()) {
            for (int i : sent) {
              if (!rs.next()) {
                throw new SQLException("The database returned fewer rows than tasks sent");
              }
              if (rs.getBoolean(2)) {
                ids[i] = new TaskId(rs.getLong(1));
                Position p = new Position(specs.get(i).priority(), TaskSql.instant(rs, 3), ids[i].value());
                if (earliest == null || p.compareTo(earliest) < 0) {
                  earliest = p;
                }
              } else {
                conflicts.add(i);
              }
            }
          }
        }
        for (int i : conflicts) {
          ids[i] = insertOrFindExisting(c, specs.get(i));
        }
        if (!c.getAutoCommit()) {
          c.commit();
        }
        if (cursor != null) {
          if (!conflicts.isEmpty()) {
            cursor.drop(); // a conflicting key may have been enqueued anew, at a position not read back
          } else if (earliest != null) {
            cursor.movedBack(earliest);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        throw e;
      }
    }
  }

  /** A spec whose unique key was taken: the holder's id, or a new task if the holder just finished. */
  private TaskId insertOrFindExisting(Connection c, TaskSpec spec) throws SQLException {
    for (int round = 0; round < 5; round++) {
      try (PreparedStatement ps = c.prepareStatement(sql.findActiveKey)) {
        ps.setString(1, spec.accountId());
        ps.setString(2, spec.uniqueKey());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return new TaskId(rs.getLong(1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql.insert, new String[] {"id"})) {
        bindInsert(sql.bind(ps), spec);
        if (ps.executeUpdate() == 1) {
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return new TaskId(keys.getLong(1));
          }
        }
      }
    }
    throw new SQLException("Unique key " + spec.uniqueKey() + " kept changing hands", "40001");
  }

  private void bindInsert(Binder b, TaskSpec s) throws SQLException {
    b.str(s.accountId()).str(s.type()).str(s.payload()).integer(s.priority()).instant(s.runAt()).now()
        .integer(s.maxAttempts()).str(s.uniqueKey()).str(s.uniqueKey()).now().now();
    if (dialect == Dialect.H2) {
      b.str(s.uniqueKey()).str(s.accountId()).str(s.uniqueKey());
    }
  }

  // ---------------------------------------------------------------- claim

  @Override
  public List<ClaimedTask> claim(String worker, int max, Duration lease) {
    QueueChecks.claim(worker, max, lease);
    int permits = claimRows == null ? 0 : Math.min(max, claimRowsInFlight);
    if (h2ClaimLock != null) {
      h2ClaimLock.lock();
    } else if (permits > 0) {
      // Not interruptible, as the JDBC statements it waits for are not.
      claimRows.acquireUninterruptibly(permits);
    }
    try {
      return claim0(worker, max, lease);
    } finally {
      if (h2ClaimLock != null) {
        h2ClaimLock.unlock();
      } else if (permits > 0) {
        claimRows.release(permits);
      }
    }
  }

  private List<ClaimedTask> claim0(String worker, int max, Duration lease) {
    recoverExpiredLeases(false);
    if (cursor == null) {
      return claimFrom(worker, max, lease, null);
    }
    ClaimCursor.Start start = cursor.start();
    List<ClaimedTask> out = claimFrom(worker, max, lease, start.from());
    if (out.isEmpty() && start.from() != null) {
      // Nothing from the cursor on: what stands before it (made ready elsewhere) need not wait.
      start = cursor.fromBeginning();
      out = claimFrom(worker, max, lease, null);
    }
    cursor.claimed(start, out.isEmpty() ? null : position(out.get(out.size() - 1).task()));
    return out;
  }

  /**
   * One claim, reading the claim index from {@code from} or from its beginning: one statement, or on
   * PostgreSQL for one task two when the rest of {@code from}'s priority has none.
   */
  private List<ClaimedTask> claimFrom(String worker, int max, Duration lease, @Nullable Position from) {
    List<ClaimedTask> out = new ArrayList<>(Math.min(max, 64));
    try (Connection c = connection()) {
      if (max > 1 || dialect != Dialect.POSTGRESQL) {
        claimMany(c, worker, max, lease, from, out);
        out.sort(CLAIM_ORDER);
      } else if (from == null) {
        claimOne(c, From.BEGINNING, worker, lease, null, out);
      } else if (!claimOne(c, From.REST_OF_PRIORITY, worker, lease, from, out)) {
        claimOne(c, From.LOWER_PRIORITIES, worker, lease, from, out);
      }
    } catch (SQLException e) {
      throw failure("claim", e);
    }
    return out;
  }

  /** The claim statement for up to {@code max} tasks (on H2 also for one). */
  private void claimMany(Connection c, String worker, int max, Duration lease, @Nullable Position from,
      List<ClaimedTask> out) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.claim(max, asyncClaims, from != null))) {
      Binder b = sql.bind(ps);
      boolean bindLimit = sql.claimBindsLimit(max);
      if (dialect == Dialect.POSTGRESQL) { // WITH picked AS (pick) UPDATE ... SET ...
        if (from != null) { // pick = from the cursor on UNION ALL lower priorities
          b.integer(from.priority()).instant(from.runAt()).lng(from.id()).now();
          if (bindLimit) {
            b.integer(max);
          }
          b.integer(from.priority());
        }
        b.now();
        if (bindLimit) {
          b.integer(max);
          if (from != null) {
            b.integer(max);
          }
        }
        b.str(worker).nowPlus(lease).now();
      } else { // UPDATE ... SET ... WHERE id IN (pick)
        b.str(worker).nowPlus(lease).now().now();
        if (bindLimit) {
          b.integer(max);
        }
      }
      readClaimed(ps, worker, out);
    }
  }

  /** The PostgreSQL claim of one task from {@code where}; whether it took one. */
  private boolean claimOne(Connection c, From where, String worker, Duration lease, @Nullable Position from,
      List<ClaimedTask> out) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.claimOne(where, asyncClaims))) {
      Binder b = sql.bind(ps).str(worker).nowPlus(lease).now();
      if (from != null) {
        b.integer(from.priority());
        if (where == From.REST_OF_PRIORITY) {
          b.instant(from.runAt()).lng(from.id());
        }
      }
      b.now();
      return readClaimed(ps, worker, out);
    }
  }

  /** Runs a claim statement and adds the tasks it returns to {@code out}; whether there were any. */
  private static boolean readClaimed(PreparedStatement ps, String worker, List<ClaimedTask> out) throws SQLException {
    int before = out.size();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Task t = TaskSql.task(rs);
        out.add(new ClaimedTask(t, worker, t.attempts(), t.leaseExpiresAt()));
      }
    }
    return out.size() > before;
  }

  private static Position position(Task t) {
    return new Position(t.priority(), t.runAt(), t.id().value());
  }

  /** Ends expired leases, at most once per recovery interval unless forced. */
  private void recoverExpiredLeases(boolean force) {
    Instant now = clock == null ? null : clock.instant();
    synchronized (recoveryLock) {
      if (!force) {
        if (now != null ? nextRecoveryAt != null && now.isBefore(nextRecoveryAt)
            : System.nanoTime() - nextRecoveryNanos < 0) {
          return;
        }
      }
      if (now != null) {
        nextRecoveryAt = now.plus(leaseRecoveryInterval);
      } else {
        nextRecoveryNanos = System.nanoTime() + leaseRecoveryInterval.toNanos();
      }
    }
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.recoverLeases)) {
      sql.bind(ps, now).now().now();
      int n = ps.executeUpdate();
      if (n > 0) {
        dropCursor();
        LOG.debug("Ended {} expired task lease(s)", n);
      }
    } catch (SQLException e) {
      // Best effort: the next claim tries again.
      LOG.warn("Recovering expired task leases failed: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------- finishing an attempt

  @Override
  public void complete(ClaimedTask task) {
    QueueChecks.claimed(task, "task");
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.complete)) {
      bindFence(sql.bind(ps).now(), task);
      if (ps.executeUpdate() == 0) {
        throw lost(c, task);
      }
    } catch (SQLException e) {
      throw failure("complete", e);
    }
  }

  @Override
  public List<ClaimedTask> completeAll(List<ClaimedTask> tasks) {
    QueueChecks.claimedList(tasks);
    if (tasks.isEmpty()) {
      return List.of();
    }
    if (sql.completeArrays != null) {
      return completeArrays(sql.completeArrays, tasks);
    }
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.complete)) {
      Binder b = sql.bind(ps);
      for (ClaimedTask t : tasks) {
        bindFence(b.reset().now(), t);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      List<ClaimedTask> lost = new ArrayList<>(0);
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          lost.add(tasks.get(i));
        }
      }
      return List.copyOf(lost);
    } catch (SQLException e) {
      throw failure("complete", e);
    }
  }

  /** PostgreSQL: one {@code UPDATE ... FROM unnest(arrays)} for the whole batch. */
  private List<ClaimedTask> completeArrays(String statement, List<ClaimedTask> tasks) {
    int n = tasks.size();
    Long[] ids = new Long[n];
    Integer[] attempts = new Integer[n];
    String[] workers = new String[n];
    for (int i = 0; i < n; i++) {
      ClaimedTask t = tasks.get(i);
      ids[i] = t.id().value();
      attempts[i] = t.attempt();
      workers[i] = t.worker();
    }
    boolean[] done = new boolean[n];
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      sql.bind(ps).now().array("int8", ids).array("int4", attempts).array("varchar", workers);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          done[rs.getInt(1) - 1] = true;
        }
      }
    } catch (SQLException e) {
      throw failure("complete", e);
    }
    List<ClaimedTask> lost = new ArrayList<>(0);
    for (int i = 0; i < n; i++) {
      if (!done[i]) {
        lost.add(tasks.get(i));
      }
    }
    return List.copyOf(lost);
  }

  @Override
  public void fail(ClaimedTask task, Failure failure) {
    QueueChecks.claimed(task, "task");
    QueueChecks.failure(failure);
    Duration delay = QueueChecks.retryDelay(retryPolicy, failure, task.attempt());
    boolean final_ = !failure.retryable();
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.fail)) {
      Binder b = sql.bind(ps).bool(final_).bool(final_).nowPlus(delay).bool(final_)
          .str(QueueChecks.errorText(failure)).now();
      bindFence(b, task);
      if (ps.executeUpdate() == 0) {
        throw lost(c, task);
      }
    } catch (SQLException e) {
      throw failure("fail", e);
    }
    if (cursor != null) {
      // Queued again (unless it died) no earlier than it was due before: now plus the delay.
      cursor.movedBack(position(task.task()));
    }
  }

  @Override
  public boolean release(ClaimedTask task) {
    QueueChecks.claimed(task, "task");
    boolean released;
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.release)) {
      bindFence(sql.bind(ps).now().now().now(), task);
      released = ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("release", e);
    }
    if (released) {
      dropCursor();
      fireAvailable();
    }
    return released;
  }

  @Override
  public Optional<ClaimedTask> extendLease(ClaimedTask task, Duration extension) {
    QueueChecks.claimed(task, "task");
    QueueChecks.lease(extension, "extension");
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.extendLease)) {
      bindFence(sql.bind(ps).nowPlus(extension), task);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(task.withLeaseExpiresAt(TaskSql.instant(rs, 1)));
      }
    } catch (SQLException e) {
      throw failure("extendLease", e);
    }
  }

  private static void bindFence(Binder b, ClaimedTask task) throws SQLException {
    b.lng(task.id().value()).integer(task.attempt()).str(task.worker());
  }

  private LeaseLostException lost(Connection c, ClaimedTask task) throws SQLException {
    String now = "the task no longer exists";
    try (PreparedStatement ps = c.prepareStatement(sql.find)) {
      ps.setLong(1, task.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          Task t = TaskSql.task(rs);
          now = "it is " + t.status() + " at attempt " + t.attempts()
              + (t.lockedBy() == null ? "" : " held by " + t.lockedBy());
        }
      }
    }
    return new LeaseLostException(task.id().value(),
        "attempt " + task.attempt() + " by " + task.worker() + " no longer holds the task; " + now);
  }

  // ---------------------------------------------------------------- management

  @Override
  public boolean cancel(TaskId id) {
    QueueChecks.notNull(id, "id");
    return update("cancel", sql.cancel, b -> b.now().lng(id.value())) > 0;
  }

  @Override
  public boolean reschedule(TaskId id, Instant runAt) {
    QueueChecks.notNull(id, "id");
    QueueChecks.runAt(runAt);
    boolean moved = update("reschedule", sql.reschedule, b -> b.instant(runAt).now().lng(id.value())) > 0;
    if (moved) {
      dropCursor();
      fireAvailable();
    }
    return moved;
  }

  @Override
  public Optional<Task> find(TaskId id) {
    QueueChecks.notNull(id, "id");
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.find)) {
      ps.setLong(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(TaskSql.task(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("find", e);
    }
  }

  @Override
  public List<Task> list(TaskFilter filter) {
    QueueChecks.notNull(filter, "filter");
    List<TaskStatus> statuses = List.copyOf(filter.statuses());
    List<String> types = List.copyOf(filter.types());
    String account = filter.accountId();
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.list(statuses.size(), types.size(), account != null))) {
      Binder b = sql.bind(ps);
      for (TaskStatus s : statuses) {
        b.str(s.name());
      }
      for (String t : types) {
        b.str(t);
      }
      if (account != null) {
        b.str(account);
      }
      b.integer(filter.limit()).integer(filter.offset());
      List<Task> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(TaskSql.task(rs));
        }
      }
      return List.copyOf(out);
    } catch (SQLException e) {
      throw failure("list", e);
    }
  }

  @Override
  public QueueStats stats() {
    recoverExpiredLeases(true);
    Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      byStatus.put(s, 0L);
    }
    Map<String, Map<TaskStatus, Long>> byType = new HashMap<>();
    Duration oldest = null;
    try (Connection c = connection()) {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.countByTypeAndStatus)) {
        while (rs.next()) {
          TaskStatus status = TaskStatus.valueOf(rs.getString(2));
          long n = rs.getLong(3);
          byStatus.merge(status, n, Long::sum);
          byType.computeIfAbsent(rs.getString(1), t -> new EnumMap<>(TaskStatus.class)).put(status, n);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql.oldestDue)) {
        Instant now = clock == null ? null : clock.instant();
        sql.bind(ps, now).now();
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          Instant min = TaskSql.instant(rs, 1);
          if (min != null) {
            Instant dbNow = now != null ? now : TaskSql.instant(rs, 2);
            oldest = Duration.between(min, dbNow);
            if (oldest.isNegative()) {
              oldest = Duration.ZERO;
            }
          }
        }
      }
    } catch (SQLException e) {
      throw failure("stats", e);
    }
    Map<String, Map<TaskStatus, Long>> types = new HashMap<>();
    byType.forEach((t, m) -> types.put(t, Map.copyOf(m)));
    return new QueueStats(byStatus, types, oldest);
  }

  @Override
  public int purge(Duration olderThan, boolean includeDead) {
    QueueChecks.notNegative(olderThan, "olderThan");
    List<String> statuses = includeDead
        ? List.of(TaskStatus.SUCCEEDED.name(), TaskStatus.CANCELLED.name(), TaskStatus.DEAD.name())
        : List.of(TaskStatus.SUCCEEDED.name(), TaskStatus.CANCELLED.name());
    return update("purge", sql.purge(statuses.size()), b -> {
      for (String s : statuses) {
        b.str(s);
      }
      b.nowPlus(QueueChecks.age(olderThan).negated());
    });
  }

  @Override
  public boolean requeueDead(TaskId id) {
    QueueChecks.notNull(id, "id");
    boolean requeued;
    try (Connection c = connection()) {
      requeued = requeueOne(c, id.value());
    } catch (SQLException e) {
      throw failure("requeueDead", e);
    }
    if (requeued) {
      dropCursor();
      fireAvailable();
    }
    return requeued;
  }

  private boolean requeueOne(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.requeueDead)) {
      sql.bind(ps).now().now().lng(id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false; // another task with its unique key is queued or running
      }
      throw e;
    }
  }

  @Override
  public int requeueAllDead(@Nullable String type) {
    int n;
    try (Connection c = connection()) {
      try (PreparedStatement ps = c.prepareStatement(
          type == null ? sql.requeueAllDeadWithoutKey : sql.requeueAllDeadWithoutKeyOfType)) {
        Binder b = sql.bind(ps).now().now();
        if (type != null) {
          b.str(type);
        }
        n = ps.executeUpdate();
      }
      List<Long> withKey = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(type == null ? sql.deadWithKey : sql.deadWithKeyOfType)) {
        if (type != null) {
          ps.setString(1, type);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            withKey.add(rs.getLong(1));
          }
        }
      }
      for (long id : withKey) {
        if (requeueOne(c, id)) {
          n++;
        }
      }
    } catch (SQLException e) {
      throw failure("requeueAllDead", e);
    }
    if (n > 0) {
      dropCursor();
      fireAvailable();
    }
    return n;
  }

  // ---------------------------------------------------------------- notifications and lifecycle

  @Override
  public AutoCloseable onAvailable(Runnable callback) {
    QueueChecks.notNull(callback, "callback");
    listeners.add(callback);
    if (dialect == Dialect.POSTGRESQL) {
      synchronized (this) {
        if (pgListener == null && !closed) {
          pgListener = new PgListener(dataSource, TaskSql.CHANNEL, this::fireAvailable);
          pgListener.start();
        }
      }
    }
    return () -> listeners.remove(callback);
  }

  /** Tasks were made ready at positions not read back: the next claim reads the index from its beginning. */
  private void dropCursor() {
    if (cursor != null) {
      cursor.drop();
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
   * Stops the PostgreSQL listener thread and closes its connection, and unregisters every callback.
   * The {@code DataSource} stays open: the queue did not create it.
   */
  @Override
  public void close() {
    PgListener l;
    synchronized (this) {
      closed = true;
      l = pgListener;
      pgListener = null;
    }
    listeners.clear();
    if (l != null) {
      l.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface Binding {
    void bind(Binder b) throws SQLException;
  }

  private int update(String operation, String statement, Binding binding) {
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      binding.bind(sql.bind(ps));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private static boolean isConflictOrTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (UNIQUE_VIOLATION.equals(state) || s instanceof SQLTransientException
            || (state != null && (state.startsWith("40") || state.equals("HYT00")))) {
          return true;
        }
        if (s.getNextException() != null && s.getNextException() != s && isConflictOrTransient(s.getNextException())) {
          return true;
        }
      }
    }
    return false;
  }

  private static ClouvelException failure(String operation, SQLException e) {
    String state = e.getSQLState();
    boolean retryable = e instanceof SQLTransientException
        || (state != null && (state.startsWith("08") || state.startsWith("40")));
    return new ClouvelException("Task queue " + operation + " failed in the database (SQLState " + state + "): "
        + e.getMessage(), e, retryable);
  }

  /** Builds a {@link JdbcTaskQueue}; each option documents its default. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable Clock clock;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private int maxPayloadBytes = QueueChecks.DEFAULT_MAX_PAYLOAD_BYTES;
    private Duration leaseRecoveryInterval = Duration.ofSeconds(1);
    private boolean migrate;
    private boolean durableClaims;
    private Duration claimCursorMaxAge = Duration.ofMillis(100);
    private int claimRowsInFlight = 200;

    private Builder(DataSource dataSource) {
      if (dataSource == null) {
        throw ValidationException.of("JdbcTaskQueue", "dataSource", "is required");
      }
      this.dataSource = dataSource;
    }

    /**
     * The clock for due times, leases and backoff; default none: the database's
     * {@code CURRENT_TIMESTAMP}, which every node shares. Set one only when all nodes use it (tests,
     * benchmarks, a single process).
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw ValidationException.of("JdbcTaskQueue", "clock", "is required");
      }
      this.clock = clock;
      return this;
    }

    /** The backoff between attempts of a failed task; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      if (retryPolicy == null) {
        throw ValidationException.of("JdbcTaskQueue", "retryPolicy", "is required");
      }
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** The largest payload accepted, in bytes of UTF-8; default 65,536 (64 KiB). At least 1. */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      if (maxPayloadBytes < 1) {
        throw ValidationException.of("JdbcTaskQueue", "maxPayloadBytes", "must be at least 1, was " + maxPayloadBytes);
      }
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /**
     * The least time between two sweeps for expired leases, run by {@link TaskQueue#claim} (and
     * always by {@link TaskQueue#stats}); default 1 s. A crashed worker's tasks are claimable again
     * within their lease plus this interval. Zero sweeps on every claim.
     */
    public Builder leaseRecoveryInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw ValidationException.of("JdbcTaskQueue", "leaseRecoveryInterval", "must not be negative, was " + interval);
      }
      this.leaseRecoveryInterval = interval;
      return this;
    }

    /**
     * Whether each {@link TaskQueue#claim} on PostgreSQL waits until its commit is on disk; default
     * false: a claim's transaction commits with {@code synchronous_commit} off (for that transaction
     * only; the connection keeps its own setting), which saves a disk flush per claim.
     *
     * <p>What false risks: if the database server crashes (or fails over) within a fraction of a
     * second after a claim, that claim may be lost; the task is then queued again with its attempt
     * count as before, so it can run a second time, exactly as if its lease had expired: tasks
     * still run at least once. A claim is never lost once any later durable commit on that server
     * has returned (PostgreSQL flushes its log in order), such as the task's own
     * {@link TaskQueue#complete}. Completions, failures, releases, enqueues and every other change
     * commit as the server is configured (durably with PostgreSQL's defaults), so nothing finished
     * is lost. True makes claims wait for the disk as well, for hosts that want a claimed task
     * never to be handed out again after a crash. H2 ignores this option.
     */
    public Builder durableClaims(boolean durableClaims) {
      this.durableClaims = durableClaims;
      return this;
    }

    /**
     * How long a PostgreSQL claim may start reading the claim index where the previous claim ended
     * instead of at its beginning; default 100 ms, zero to always read from the beginning. At most
     * one hour.
     *
     * <p>Claimed tasks keep their entries in the claim index until the table is next vacuumed, and a
     * claim that reads from the beginning steps over every one of them: between two vacuums each
     * claim costs more CPU (half-way through a burn-down of 100,000 tasks, 250 index pages per
     * claim). Reading from where the previous claim ended costs one index descent however many
     * there are.
     *
     * <p>What it changes: claim order stays exact for every task this queue object makes ready
     * (enqueue, retry, release, reschedule, requeue, lease recovery). A task made ready elsewhere
     * (another node's enqueue, a transaction committed after {@code enqueue} returned) or a
     * higher-priority task coming due may stand before where claims start; it is still claimed, in
     * its place, once a claim reads from the beginning again: when the claims from the position
     * find nothing, and at least once per {@code maxAge} (by the system's monotonic time, and by
     * the injected {@link #clock} if any). Zero gives exact order across nodes at that CPU cost.
     * H2 ignores this option.
     */
    public Builder claimCursorMaxAge(Duration maxAge) {
      if (maxAge == null || maxAge.isNegative() || maxAge.compareTo(Duration.ofHours(1)) > 0) {
        throw ValidationException.of("JdbcTaskQueue", "claimCursorMaxAge",
            "must be between zero and one hour, was " + maxAge);
      }
      this.claimCursorMaxAge = maxAge;
      return this;
    }

    /**
     * The most rows this queue object's PostgreSQL claims take at once; default 200, zero for no
     * bound. A claim asks for {@code min(max, claimRowsInFlight)} of them and waits while the
     * claims in flight hold too many (first come, first served), so two claims of 100 run side by
     * side, twenty of 10, or one of 200 or more alone.
     *
     * <p>Why: concurrent claims start reading the claim index at the same place (see
     * {@link #claimCursorMaxAge}), so each steps over the rows the others are taking. Eight workers
     * claiming 100 at a time burned down 100,000 tasks in 20.9 us per task with the default bound
     * against 28.0 without; workers that claim fewer rows together than the bound never wait. The
     * bound is per queue object: nodes with their own queue objects do not wait for each other.
     * H2 ignores this option (its claims take turns).
     */
    public Builder claimRowsInFlight(int claimRowsInFlight) {
      if (claimRowsInFlight < 0) {
        throw ValidationException.of("JdbcTaskQueue", "claimRowsInFlight",
            "must not be negative, was " + claimRowsInFlight);
      }
      this.claimRowsInFlight = claimRowsInFlight;
      return this;
    }

    /** Whether {@link #build()} creates or upgrades the schema ({@link JdbcTaskQueue#migrate()}); default false. */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Detects the database (PostgreSQL or H2), applies the schema if asked, and builds the queue.
     *
     * @throws ai.clouvel.sdk.exception.ConfigurationException when the database is neither
     */
    public JdbcTaskQueue build() {
      return new JdbcTaskQueue(this);
    }
  }
}
