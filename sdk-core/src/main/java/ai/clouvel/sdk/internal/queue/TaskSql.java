package ai.clouvel.sdk.internal.queue;

import ai.clouvel.sdk.internal.jdbc.Dialect;
import ai.clouvel.sdk.queue.Task;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskSpec;
import ai.clouvel.sdk.queue.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of the JDBC task queue for one dialect and one time source. Statements are written once
 * with two tokens: {@code {NOW}} (the current time) and {@code {NOW+}} (the current time plus a
 * duration). With the database clock they become {@code CURRENT_TIMESTAMP} and a dialect-specific
 * addition of a bound number of milliseconds; with an injected {@link Clock} each is one bound
 * timestamp. {@link Binder} binds parameters in text order either way.
 */
public final class TaskSql {
  /** The queue's table. */
  public static final String TABLE = "clouvel_tasks";
  /** The PostgreSQL notification channel the insert trigger notifies. */
  public static final String CHANNEL = "clouvel_tasks";

  static final String COLUMNS = "id, account_id, type, payload, priority, status, run_at, attempts, max_attempts, "
      + "unique_key, created_at, updated_at, last_error, locked_by, lease_expires_at, cancel_requested";

  /** Skips a row whose (account, unique key) a queued or running task holds (PostgreSQL). */
  private static final String ON_KEY_CONFLICT =
      "ON CONFLICT (account_id, active_unique_key) WHERE active_unique_key IS NOT NULL DO NOTHING";

  /** A claim's condition that turns {@code synchronous_commit} off for its transaction (PostgreSQL). */
  private static final String ASYNC = " AND set_config('synchronous_commit', 'off', true) IS NOT NULL";

  private static final String FENCE = " WHERE id = ? AND status = 'RUNNING' AND attempts = ? AND locked_by = ?";

  private final Dialect dialect;
  private final @Nullable Clock clock;
  /**
   * The claims. On PostgreSQL four, at {@code (async ? 1 : 0) + (fromCursor ? 2 : 0)}: committing
   * synchronously or not, reading the claim index from its beginning or from a {@link ClaimCursor}
   * position. On H2 one.
   */
  private final ClaimText[] claims;
  /**
   * PostgreSQL only: the claims of one task, by {@code From} ordinal, then durable and asynchronous
   * (see {@link #claimOne}); {@code null} on H2.
   */
  private final String @Nullable [][] claimsOfOne;

  /** Inserts one task; skips it (0 rows) when its unique key is taken. */
  public final String insert;
  /**
   * PostgreSQL only: inserts a batch of tasks in one statement from seven array parameters (account
   * ids, types, payloads, priorities, due times, max attempts, unique keys; see
   * {@link #bindInsertArrays}), skipping those whose unique key is taken. Returns one row per input
   * element in input order: the id given to it, whether it was inserted and if so its due time.
   */
  public final @Nullable String insertArrays;
  /** The id of the queued or running task holding an account's unique key. */
  public final String findActiveKey;
  /**
   * The largest claim size that PostgreSQL claims name in the SQL text instead of binding: with a
   * bound {@code LIMIT} the planner prices a generic plan for 10 % of the table, so it plans every
   * claim anew; with a literal it reuses one plan per size.
   */
  public static final int MAX_LITERAL_LIMIT = 1000;
  /** Ends every expired lease. */
  public final String recoverLeases;
  /** Completes a held task. */
  public final String complete;
  /**
   * PostgreSQL only: completes a batch of held tasks in one statement from three array parameters
   * (ids, attempts, workers), returning the 1-based position in the batch of each completed one.
   */
  public final @Nullable String completeArrays;
  /** Fails a held attempt. */
  public final String fail;
  /** Releases a held task. */
  public final String release;
  /** Extends a held lease, returning the new expiry. */
  public final String extendLease;
  /** Cancels a queued task or flags a running one. */
  public final String cancel;
  /** Moves a queued task's due time. */
  public final String reschedule;
  /** One task. */
  public final String find;
  /** Counts per type and status. */
  public final String countByTypeAndStatus;
  /** The oldest due time of a due queued task (and, on the database clock, the database's now). */
  public final String oldestDue;
  /** Queues a dead task again. */
  public final String requeueDead;
  /** Queues every dead task without unique key again. */
  public final String requeueAllDeadWithoutKey;
  /** The same, for one type. */
  public final String requeueAllDeadWithoutKeyOfType;
  /** Dead tasks with a unique key. */
  public final String deadWithKey;
  /** The same, for one type. */
  public final String deadWithKeyOfType;

  /**
   * @param dialect the database
   * @param clock the time source, or {@code null} for the database's clock
   */
  public TaskSql(Dialect dialect, @Nullable Clock clock) {
    this.dialect = dialect;
    this.clock = clock;
    boolean pg = dialect == Dialect.POSTGRESQL;
    String insertColumns = "account_id, type, payload, priority, status, run_at, attempts, max_attempts, unique_key, "
        + "active_unique_key, created_at, updated_at, cancel_requested";
    String keyFree = "CAST(? AS VARCHAR(200)) IS NULL OR NOT EXISTS (SELECT 1 FROM " + TABLE
        + " WHERE account_id = ? AND active_unique_key = ?)";
    insert = sql(pg
        ? "INSERT INTO " + TABLE + " (" + insertColumns + ") VALUES (?, ?, ?, ?, 'QUEUED', COALESCE(?, {NOW}), 0, ?, ?, ?, "
            + "{NOW}, {NOW}, FALSE) " + ON_KEY_CONFLICT
        : "INSERT INTO " + TABLE + " (" + insertColumns + ") SELECT CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(64)), "
            + "CAST(? AS CHARACTER VARYING), CAST(? AS INT), 'QUEUED', "
            + "COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), {NOW}), 0, CAST(? AS INT), CAST(? AS VARCHAR(200)), "
            + "CAST(? AS VARCHAR(200)), {NOW}, {NOW}, FALSE FROM DUAL WHERE " + keyFree);
    // Each element gets its id from the table's sequence first, so the ids come back in input
    // order and a skipped element (its unique key taken) is told apart without relying on the
    // order in which RETURNING emits rows.
    insertArrays = !pg ? null : sql("WITH input AS MATERIALIZED (SELECT nextval('" + TABLE + "_id_seq') AS id, u.* "
        + "FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS TEXT[]), CAST(? AS INT[]), "
        + "CAST(? AS TIMESTAMPTZ[]), CAST(? AS INT[]), CAST(? AS VARCHAR[])) WITH ORDINALITY "
        + "AS u(account_id, type, payload, priority, run_at, max_attempts, unique_key, ord)), "
        + "inserted AS (INSERT INTO " + TABLE + " (id, " + insertColumns + ") SELECT id, account_id, type, payload, "
        + "priority, 'QUEUED', COALESCE(run_at, {NOW}), 0, max_attempts, unique_key, unique_key, {NOW}, {NOW}, FALSE "
        + "FROM input ORDER BY ord " + ON_KEY_CONFLICT + " RETURNING id, run_at) "
        + "SELECT input.id, inserted.id IS NOT NULL, inserted.run_at FROM input LEFT JOIN inserted ON inserted.id = input.id "
        + "ORDER BY input.ord");
    findActiveKey = "SELECT id FROM " + TABLE + " WHERE account_id = ? AND active_unique_key = ?";
    String claimSet = "status = 'RUNNING', attempts = attempts + 1, locked_by = ?, lease_expires_at = {NOW+}, "
        + "updated_at = {NOW}";
    String pick = "SELECT id FROM " + TABLE + " WHERE status = 'QUEUED' AND run_at <= {NOW} "
        + "ORDER BY priority DESC, run_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
    // H2 sorts by the index only when ORDER BY starts with the equality column and run_at is no
    // index condition (hence COALESCE), and not under FOR UPDATE, which also made each claim scan
    // and lock far more than it took. Claims on one H2 database take turns in the JVM instead,
    // and the UPDATE re-checks the status.
    String h2Pick = "SELECT id FROM " + TABLE + " WHERE status = 'QUEUED' AND COALESCE(run_at, run_at) <= {NOW} "
        + "ORDER BY status, priority DESC, run_at, id LIMIT ?";
    if (pg) {
      // The picked rows are locked by this transaction, so their ctid cannot change before the
      // UPDATE, which then reaches each by a TID scan instead of a second primary-key descent.
      String pgPick = pick.replace("SELECT id", "SELECT ctid").replace("LIMIT ?", "LIMIT {LIMIT}");
      // From a cursor position: first the rest of its priority from its (run_at, id) on, then the
      // lower priorities; the index reaches the start of each by one descent, and the second is
      // read only if the first has too few (set operations take no FOR UPDATE: each is a subquery).
      String cursorPick = "SELECT ctid FROM (" + inRange(pgPick, From.REST_OF_PRIORITY) + ") from_cursor UNION ALL "
          + "SELECT ctid FROM (" + inRange(pgPick, From.LOWER_PRIORITIES) + ") lower_priorities LIMIT {LIMIT}";
      String set = "UPDATE " + TABLE + " t SET " + claimSet.replace("attempts + 1", "t.attempts + 1");
      String returning = " AND t.status = 'QUEUED'%s RETURNING " + qualified("t");
      // The UPDATE reaches the picked rows by one TID scan over the array of their ctids: a smaller
      // plan for every claim to start than a join with the picked rows.
      String claim = "WITH picked AS MATERIALIZED (%s) " + set + " WHERE t.ctid = ANY (ARRAY(SELECT ctid FROM picked))"
          + returning;
      // set_config(..., true) lasts until the end of the transaction, which in auto-commit mode is
      // this statement's: its commit record is written but not waited for. As a condition on each
      // row it runs whenever a row is claimed (nothing claimed: nothing to commit).
      String async = String.format(claim, "%s", ASYNC);
      String sync = String.format(claim, "%s", "");
      claims = new ClaimText[] {new ClaimText(sql(String.format(sync, pgPick)), true),
          new ClaimText(sql(String.format(async, pgPick)), true),
          new ClaimText(sql(String.format(sync, cursorPick)), true),
          new ClaimText(sql(String.format(async, cursorPick)), true)};
      // One task: the row is found by a scalar subquery of one index scan, a smaller plan to start
      // than the CTE, the array and the second scan above.
      String one = set + " WHERE t.ctid = (%s)" + returning;
      claimsOfOne = new String[From.values().length][];
      for (From from : From.values()) {
        String pickOne = inRange(pgPick, from).replace("{LIMIT}", "1");
        claimsOfOne[from.ordinal()] =
            new String[] {sql(String.format(one, pickOne, "")), sql(String.format(one, pickOne, ASYNC))};
      }
    } else {
      claims = new ClaimText[] {new ClaimText(sql("SELECT " + COLUMNS + " FROM FINAL TABLE (UPDATE " + TABLE
          + " SET " + claimSet + " WHERE status = 'QUEUED' AND id IN ("
          + h2Pick.replace("LIMIT ?", "LIMIT {LIMIT}") + "))"), false)};
      claimsOfOne = null;
    }
    String dead = "(cancel_requested OR attempts >= max_attempts)";
    recoverLeases = sql("UPDATE " + TABLE + " SET status = CASE WHEN cancel_requested THEN 'CANCELLED' "
        + "WHEN attempts >= max_attempts THEN 'DEAD' ELSE 'QUEUED' END, "
        + "active_unique_key = CASE WHEN " + dead + " THEN NULL ELSE active_unique_key END, "
        + "last_error = 'lease expired', locked_by = NULL, lease_expires_at = NULL, updated_at = {NOW} "
        + "WHERE status = 'RUNNING' AND id IN (SELECT id FROM " + TABLE
        + " WHERE status = 'RUNNING' AND lease_expires_at <= {NOW} FOR UPDATE SKIP LOCKED)");
    complete = sql("UPDATE " + TABLE + " SET status = 'SUCCEEDED', active_unique_key = NULL, locked_by = NULL, "
        + "lease_expires_at = NULL, updated_at = {NOW}" + FENCE);
    completeArrays = !pg ? null : sql("UPDATE " + TABLE + " t SET status = 'SUCCEEDED', active_unique_key = NULL, "
        + "locked_by = NULL, lease_expires_at = NULL, updated_at = {NOW} FROM unnest(CAST(? AS BIGINT[]), "
        + "CAST(? AS INT[]), CAST(? AS VARCHAR[])) WITH ORDINALITY AS f(id, attempt, worker, ord) "
        + "WHERE t.id = f.id AND t.status = 'RUNNING' AND t.attempts = f.attempt AND t.locked_by = f.worker "
        + "RETURNING f.ord");
    String ends = "(cancel_requested OR ? OR attempts >= max_attempts)";
    fail = sql("UPDATE " + TABLE + " SET status = CASE WHEN cancel_requested THEN 'CANCELLED' "
        + "WHEN ? OR attempts >= max_attempts THEN 'DEAD' ELSE 'QUEUED' END, "
        + "run_at = CASE WHEN " + ends + " THEN run_at ELSE {NOW+} END, "
        + "active_unique_key = CASE WHEN " + ends + " THEN NULL ELSE active_unique_key END, "
        + "last_error = ?, locked_by = NULL, lease_expires_at = NULL, updated_at = {NOW}" + FENCE);
    release = sql("UPDATE " + TABLE + " SET status = CASE WHEN cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END, "
        + "active_unique_key = CASE WHEN cancel_requested THEN NULL ELSE active_unique_key END, "
        + "attempts = attempts - 1, run_at = CASE WHEN run_at > {NOW} THEN {NOW} ELSE run_at END, "
        + "locked_by = NULL, lease_expires_at = NULL, updated_at = {NOW}" + FENCE);
    String extend = "UPDATE " + TABLE + " SET lease_expires_at = {NOW+}" + FENCE + " AND NOT cancel_requested";
    extendLease = sql(pg
        ? extend + " RETURNING lease_expires_at"
        : "SELECT lease_expires_at FROM FINAL TABLE (" + extend + ")");
    cancel = sql("UPDATE " + TABLE + " SET "
        + "cancel_requested = CASE WHEN status = 'RUNNING' THEN TRUE ELSE cancel_requested END, "
        + "active_unique_key = CASE WHEN status = 'QUEUED' THEN NULL ELSE active_unique_key END, "
        + "status = CASE WHEN status = 'QUEUED' THEN 'CANCELLED' ELSE status END, "
        + "updated_at = {NOW} WHERE id = ? AND status IN ('QUEUED', 'RUNNING')");
    reschedule = sql("UPDATE " + TABLE + " SET run_at = ?, updated_at = {NOW} WHERE id = ? AND status = 'QUEUED'");
    find = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?";
    countByTypeAndStatus = "SELECT type, status, COUNT(*) FROM " + TABLE + " GROUP BY type, status";
    oldestDue = sql("SELECT MIN(run_at)" + (clock == null ? ", {NOW}" : "") + " FROM " + TABLE
        + " WHERE status = 'QUEUED' AND run_at <= {NOW}");
    String requeue = "UPDATE " + TABLE + " SET status = 'QUEUED', attempts = 0, cancel_requested = FALSE, "
        + "active_unique_key = unique_key, run_at = {NOW}, updated_at = {NOW} WHERE status = 'DEAD'";
    requeueDead = sql(requeue + " AND id = ?");
    requeueAllDeadWithoutKey = sql(requeue + " AND unique_key IS NULL");
    requeueAllDeadWithoutKeyOfType = sql(requeue + " AND unique_key IS NULL AND type = ?");
    deadWithKey = "SELECT id FROM " + TABLE + " WHERE status = 'DEAD' AND unique_key IS NOT NULL ORDER BY id";
    deadWithKeyOfType = "SELECT id FROM " + TABLE + " WHERE status = 'DEAD' AND unique_key IS NOT NULL AND type = ? "
        + "ORDER BY id";
  }

  /**
   * The statement that claims up to {@code max} due tasks and returns them. Its parameters are, in
   * order: on PostgreSQL {@code {NOW}} and the limit unless {@link #claimBindsLimit} (if
   * {@code fromCursor}: the cursor's priority, due time and id, {@code {NOW}}, the limit, the
   * cursor's priority, {@code {NOW}}, the limit, the limit), then the worker, {@code {NOW+}} the
   * lease, {@code {NOW}}; on H2 the worker, {@code {NOW+}} the lease, {@code {NOW}}, {@code {NOW}}, the
   * limit.
   *
   * @param async PostgreSQL only: commit without waiting for the disk ({@code synchronous_commit}
   *     off for this statement's transaction, which must be auto-committed)
   * @param fromCursor PostgreSQL only: read the claim index from a {@link ClaimCursor} position
   */
  public String claim(int max, boolean async, boolean fromCursor) {
    ClaimText c = claims[dialect == Dialect.POSTGRESQL ? (async ? 1 : 0) + (fromCursor ? 2 : 0) : 0];
    if (max < c.byLimit.length) {
      String s = c.byLimit[max];
      if (s == null) {
        s = c.template.replace("{LIMIT}", Integer.toString(max));
        c.byLimit[max] = s;
      }
      return s;
    }
    return c.bound;
  }

  /** Where a PostgreSQL claim of one task reads the claim index. */
  public enum From {
    /** From its beginning. */
    BEGINNING(""),
    /** The rest of a cursor position's priority, from the position on. */
    REST_OF_PRIORITY("priority = ? AND (run_at, id) >= (?, ?) AND "),
    /** The priorities below a cursor position's, from their beginning. */
    LOWER_PRIORITIES("priority < ? AND ");

    /** The pick's condition on the claim index for this range: empty, or ending in {@code AND}. */
    private final String range;

    From(String range) {
      this.range = range;
    }
  }

  /**
   * PostgreSQL only: the statement that claims one due task, read from {@code from}, and returns it.
   * Its parameters are, in order: the worker, {@code {NOW+}} the lease, {@code {NOW}}, then for
   * {@link From#REST_OF_PRIORITY} the cursor's priority, due time and id, for
   * {@link From#LOWER_PRIORITIES} the cursor's priority, then {@code {NOW}}.
   *
   * @param async commit without waiting for the disk, as for {@link #claim}
   */
  public String claimOne(From from, boolean async) {
    if (claimsOfOne == null) {
      throw new IllegalStateException("claimOne is PostgreSQL's");
    }
    return claimsOfOne[from.ordinal()][async ? 1 : 0];
  }

  /** Whether {@link #claim} binds {@code max} as a parameter (else it is in the SQL text). */
  public boolean claimBindsLimit(int max) {
    return max >= claims[0].byLimit.length;
  }

  /** One claim statement with a {@code {LIMIT}} token. */
  private static final class ClaimText {
    final String template;
    /** By literal limit, filled on first use: a racy cache of immutable strings. */
    final String[] byLimit;
    /** With a bound limit. */
    final String bound;

    ClaimText(String template, boolean literalLimits) {
      this.template = template;
      this.byLimit = new String[literalLimits ? MAX_LITERAL_LIMIT + 1 : 0];
      this.bound = template.replace("{LIMIT}", "?");
    }
  }

  /** A page of tasks, newest first, with the given filter clauses. */
  public String list(int statuses, int types, boolean account) {
    StringBuilder sb = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(TABLE).append(" WHERE 1 = 1");
    if (statuses > 0) {
      sb.append(" AND status IN (").append(marks(statuses)).append(')');
    }
    if (types > 0) {
      sb.append(" AND type IN (").append(marks(types)).append(')');
    }
    if (account) {
      sb.append(" AND account_id = ?");
    }
    return sb.append(" ORDER BY id DESC LIMIT ? OFFSET ?").toString();
  }

  /** Deletes finished tasks of {@code statuses} statuses last changed before now minus a duration. */
  public String purge(int statuses) {
    return sql("DELETE FROM " + TABLE + " WHERE status IN (" + marks(statuses) + ") AND updated_at < {NOW+}");
  }

  /** {@code pick} limited to the claim index range {@code from}. */
  private static String inRange(String pick, From from) {
    return pick.replace("status = 'QUEUED' AND ", "status = 'QUEUED' AND " + from.range);
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static String qualified(String alias) {
    StringBuilder sb = new StringBuilder();
    for (String c : COLUMNS.split(", ")) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(alias).append('.').append(c);
    }
    return sb.toString();
  }

  private String sql(String template) {
    String param = dialect == Dialect.H2 ? "CAST(? AS TIMESTAMP WITH TIME ZONE)" : "?";
    String now = clock == null ? "CURRENT_TIMESTAMP" : param;
    String nowPlus = clock != null ? param
        : dialect == Dialect.POSTGRESQL ? "(CURRENT_TIMESTAMP + ? * INTERVAL '1 millisecond')"
        : "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
    return template.replace("{NOW+}", nowPlus).replace("{NOW}", now);
  }

  /**
   * Binds the seven arrays of {@link #insertArrays} for {@code specs}, then its {@code {NOW}}s.
   *
   * @return the binder, for nothing more
   */
  public Binder bindInsertArrays(PreparedStatement ps, List<TaskSpec> specs) throws SQLException {
    int n = specs.size();
    String[] accounts = new String[n];
    String[] types = new String[n];
    String[] payloads = new String[n];
    Integer[] priorities = new Integer[n];
    @Nullable String[] runAts = new String[n];
    Integer[] maxAttempts = new Integer[n];
    @Nullable String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      TaskSpec s = specs.get(i);
      accounts[i] = s.accountId();
      types[i] = s.type();
      payloads[i] = s.payload();
      priorities[i] = s.priority();
      Instant runAt = s.runAt();
      runAts[i] = runAt == null ? null : timestampText(runAt);
      maxAttempts[i] = s.maxAttempts();
      keys[i] = s.uniqueKey();
    }
    return bind(ps).array("varchar", accounts).array("varchar", types).array("text", payloads)
        .array("int4", priorities).array("timestamptz", runAts).array("int4", maxAttempts).array("varchar", keys)
        .now().now().now();
  }

  /**
   * {@code t} as PostgreSQL {@code timestamptz} text, rounded to microseconds half up as the driver
   * rounds a single timestamp parameter.
   */
  static String timestampText(Instant t) {
    return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
  }

  /** A binder for one statement, with one "now" for every {@code {NOW}} in it. */
  public Binder bind(PreparedStatement ps) {
    return new Binder(ps, clock == null ? null : clock.instant());
  }

  /** A binder reusing {@code now}, for the statements of one batch. */
  public Binder bind(PreparedStatement ps, @Nullable Instant now) {
    return new Binder(ps, now);
  }

  /** The injected clock's time, or {@code null} on the database clock. */
  public @Nullable Instant now() {
    return clock == null ? null : clock.instant();
  }

  /** Binds parameters in text order. */
  public static final class Binder {
    private final PreparedStatement ps;
    private final @Nullable Instant now;
    private int index = 1;

    Binder(PreparedStatement ps, @Nullable Instant now) {
      this.ps = ps;
      this.now = now;
    }

    /** Starts again at the first parameter, for the next row of a batch. */
    public Binder reset() {
      index = 1;
      return this;
    }

    /** A string or null. */
    public Binder str(@Nullable String value) throws SQLException {
      if (value == null) {
        ps.setNull(index++, Types.VARCHAR);
      } else {
        ps.setString(index++, value);
      }
      return this;
    }

    /** An int. */
    public Binder integer(int value) throws SQLException {
      ps.setInt(index++, value);
      return this;
    }

    /** A long. */
    public Binder lng(long value) throws SQLException {
      ps.setLong(index++, value);
      return this;
    }

    /** A boolean. */
    public Binder bool(boolean value) throws SQLException {
      ps.setBoolean(index++, value);
      return this;
    }

    /** A timestamp or null. */
    public Binder instant(@Nullable Instant value) throws SQLException {
      if (value == null) {
        ps.setNull(index++, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setObject(index++, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
      }
      return this;
    }

    /**
     * An array of {@code elementType} (a PostgreSQL type name such as {@code varchar} or
     * {@code int4}); elements may be null.
     */
    public Binder array(String elementType, @Nullable Object[] values) throws SQLException {
      ps.setArray(index++, ps.getConnection().createArrayOf(elementType, values));
      return this;
    }

    /** One {@code {NOW}}: binds the injected clock's time, or nothing on the database clock. */
    public Binder now() throws SQLException {
      if (now != null) {
        instant(now);
      }
      return this;
    }

    /** One {@code {NOW+}}: now plus {@code d}. */
    public Binder nowPlus(Duration d) throws SQLException {
      if (now != null) {
        instant(now.plus(d));
      } else {
        lng(d.toMillis());
      }
      return this;
    }
  }

  /** Reads a timestamp column. */
  public static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Reads a task from a row of {@link #COLUMNS}. */
  public static Task task(ResultSet rs) throws SQLException {
    return new Task(
        new TaskId(rs.getLong(1)),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        TaskStatus.valueOf(rs.getString(6)),
        instant(rs, 7),
        rs.getInt(8),
        rs.getInt(9),
        rs.getString(10),
        instant(rs, 11),
        instant(rs, 12),
        rs.getString(13),
        rs.getString(14),
        instant(rs, 15),
        rs.getBoolean(16));
  }
}
