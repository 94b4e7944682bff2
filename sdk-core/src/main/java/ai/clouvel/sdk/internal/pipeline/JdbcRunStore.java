package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.internal.jdbc.Migrations;
import ai.clouvel.sdk.pipeline.Checkpoint;
import ai.clouvel.sdk.pipeline.Run;
import ai.clouvel.sdk.pipeline.RunId;
import ai.clouvel.sdk.pipeline.RunStatus;
import ai.clouvel.sdk.pipeline.RunStore;
import ai.clouvel.sdk.queue.TaskId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RunStore} in H2 or PostgreSQL. Every method is one transaction, committed before it
 * returns. The data source is never closed by the store.
 */
public final class JdbcRunStore implements RunStore {
  /** The migration scripts of the {@code runs} component, in version order. */
  public static final List<String> SCRIPTS = List.of("V1__runs.sql");

  private static final String UNIQUE_VIOLATION = "23505";
  private static final int MAX_ERROR = 4000;

  private final DataSource dataSource;

  private JdbcRunStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Applies the schema migrations and returns the store. */
  public static JdbcRunStore create(DataSource dataSource) {
    if (dataSource == null) {
      throw ValidationException.of("JdbcRunStore", "dataSource", "is required");
    }
    Migrations.apply(dataSource, "runs", SCRIPTS);
    return new JdbcRunStore(dataSource);
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    SQLException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        last = e;
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          break; // only a lost insert race is worth repeating
        }
      }
    }
    throw new ClouvelException("Run store: " + what + " failed: " + (last == null ? "" : last.getMessage()), last,
        true);
  }

  private static OffsetDateTime ts(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  @Override
  public Run begin(RunId id, String taskType, @Nullable String commissionId, Instant at) {
    RunStoreChecks.begin(id, taskType, at);
    return inTransaction("begin " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE clouvel_runs SET status = ?, updated_at = ? WHERE account_id = ? AND task_id = ?")) {
        ps.setString(1, RunStatus.RUNNING.name());
        ps.setObject(2, ts(at));
        ps.setString(3, id.accountId());
        ps.setLong(4, id.taskId().value());
        boolean inserted = false;
        if (ps.executeUpdate() == 0) {
          inserted = true;
          try (PreparedStatement ins = c.prepareStatement("INSERT INTO clouvel_runs (account_id, task_id, task_type, "
              + "commission_id, status, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)")) {
            ins.setString(1, id.accountId());
            ins.setLong(2, id.taskId().value());
            ins.setString(3, taskType);
            ins.setString(4, commissionId);
            ins.setString(5, RunStatus.RUNNING.name());
            ins.setObject(6, ts(at));
            ins.setObject(7, ts(at));
            ins.executeUpdate();
          }
        }
        // A run inserted just now has no steps yet (each step row references its run).
        return load(c, id, !inserted).orElseThrow();
      }
    });
  }

  @Override
  public Optional<Run> find(RunId id) {
    RunStoreChecks.id(id);
    return inTransaction("find " + id, c -> load(c, id, true));
  }

  private Optional<Run> load(Connection c, RunId id, boolean withSteps) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT account_id, task_id, task_type, commission_id, status, "
        + "error, created_at, updated_at FROM clouvel_runs WHERE account_id = ? AND task_id = ?")) {
      ps.setString(1, id.accountId());
      ps.setLong(2, id.taskId().value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Map<Long, List<Checkpoint>> steps = withSteps ? steps(c, id.accountId(), List.of(id.taskId().value()))
            : Map.of();
        return Optional.of(run(rs, steps));
      }
    }
  }

  private static Run run(ResultSet rs, Map<Long, List<Checkpoint>> steps) throws SQLException {
    long taskId = rs.getLong("task_id");
    return new Run(new RunId(rs.getString("account_id"), new TaskId(taskId)), rs.getString("task_type"),
        rs.getString("commission_id"), RunStatus.valueOf(rs.getString("status")),
        steps.getOrDefault(taskId, List.of()), rs.getString("error"), instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Map<Long, List<Checkpoint>> steps(Connection c, String accountId, List<Long> taskIds)
      throws SQLException {
    Map<Long, List<Checkpoint>> out = new LinkedHashMap<>();
    if (taskIds.isEmpty()) {
      return out;
    }
    String in = String.join(", ", java.util.Collections.nCopies(taskIds.size(), "?"));
    try (PreparedStatement ps = c.prepareStatement("SELECT task_id, step, state, output, elapsed_ms, updated_at "
        + "FROM clouvel_run_steps WHERE account_id = ? AND task_id IN (" + in + ") ORDER BY seq")) {
      ps.setString(1, accountId);
      for (int i = 0; i < taskIds.size(); i++) {
        ps.setLong(i + 2, taskIds.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getLong("task_id"), k -> new ArrayList<>()).add(new Checkpoint(
              rs.getString("step"), Checkpoint.State.valueOf(rs.getString("state")), rs.getString("output"),
              Duration.ofMillis(rs.getLong("elapsed_ms")), instant(rs, "updated_at")));
        }
      }
    }
    return out;
  }

  private static void touch(Connection c, RunId id, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE clouvel_runs SET updated_at = ? WHERE account_id = ? AND task_id = ?")) {
      ps.setObject(1, ts(at));
      ps.setString(2, id.accountId());
      ps.setLong(3, id.taskId().value());
      if (ps.executeUpdate() == 0) {
        throw ValidationException.of("RunStore", "id", "no run " + id + " was begun");
      }
    }
  }

  @Override
  public void attempted(RunId id, String step, Instant at) {
    RunStoreChecks.step(id, step, at);
    inTransaction("attempted " + id + " " + step, c -> {
      touch(c, id, at);
      try (PreparedStatement ps = c.prepareStatement("UPDATE clouvel_run_steps SET state = ?, output = NULL, "
          + "elapsed_ms = 0, updated_at = ? WHERE account_id = ? AND task_id = ? AND step = ? AND state <> ?")) {
        ps.setString(1, Checkpoint.State.ATTEMPTED.name());
        ps.setObject(2, ts(at));
        ps.setString(3, id.accountId());
        ps.setLong(4, id.taskId().value());
        ps.setString(5, step);
        ps.setString(6, Checkpoint.State.DONE.name());
        if (ps.executeUpdate() == 0 && !stepExists(c, id, step)) {
          insertStep(c, id, step, Checkpoint.State.ATTEMPTED, null, Duration.ZERO, at);
        }
      }
      return null;
    });
  }

  @Override
  public void done(RunId id, String step, String output, Duration elapsed, Instant at) {
    RunStoreChecks.done(id, step, output, elapsed, at);
    inTransaction("done " + id + " " + step, c -> {
      touch(c, id, at);
      try (PreparedStatement ps = c.prepareStatement("UPDATE clouvel_run_steps SET state = ?, output = ?, "
          + "elapsed_ms = ?, updated_at = ? WHERE account_id = ? AND task_id = ? AND step = ?")) {
        ps.setString(1, Checkpoint.State.DONE.name());
        ps.setString(2, output);
        ps.setLong(3, elapsed.toMillis());
        ps.setObject(4, ts(at));
        ps.setString(5, id.accountId());
        ps.setLong(6, id.taskId().value());
        ps.setString(7, step);
        if (ps.executeUpdate() == 0) {
          insertStep(c, id, step, Checkpoint.State.DONE, output, elapsed, at);
        }
      }
      return null;
    });
  }

  private static boolean stepExists(Connection c, RunId id, String step) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM clouvel_run_steps WHERE account_id = ? AND task_id = ? AND step = ?")) {
      ps.setString(1, id.accountId());
      ps.setLong(2, id.taskId().value());
      ps.setString(3, step);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void insertStep(Connection c, RunId id, String step, Checkpoint.State state,
      @Nullable String output, Duration elapsed, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO clouvel_run_steps (account_id, task_id, step, state, "
        + "output, elapsed_ms, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, id.accountId());
      ps.setLong(2, id.taskId().value());
      ps.setString(3, step);
      ps.setString(4, state.name());
      if (output == null) {
        ps.setNull(5, Types.VARCHAR);
      } else {
        ps.setString(5, output);
      }
      ps.setLong(6, elapsed.toMillis());
      ps.setObject(7, ts(at));
      ps.executeUpdate();
    }
  }

  @Override
  public void finish(RunId id, RunStatus status, @Nullable String error, Instant at) {
    RunStoreChecks.finish(id, status, at);
    String kept = status == RunStatus.FAILED && error != null
        ? (error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error) : null;
    inTransaction("finish " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE clouvel_runs SET status = ?, error = ?, updated_at = ? WHERE account_id = ? AND task_id = ?")) {
        ps.setString(1, status.name());
        ps.setString(2, kept);
        ps.setObject(3, ts(at));
        ps.setString(4, id.accountId());
        ps.setLong(5, id.taskId().value());
        if (ps.executeUpdate() == 0) {
          throw ValidationException.of("RunStore", "id", "no run " + id + " was begun");
        }
      }
      return null;
    });
  }

  @Override
  public List<Run> list(String accountId, int limit) {
    RunStoreChecks.list(accountId, limit);
    return inTransaction("list " + accountId, c -> {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT task_id FROM clouvel_runs WHERE account_id = ? ORDER BY seq DESC LIMIT ?")) {
        ps.setString(1, accountId);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      if (ids.isEmpty()) {
        return List.of();
      }
      Map<Long, List<Checkpoint>> steps = steps(c, accountId, ids);
      String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
      List<Run> runs = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT account_id, task_id, task_type, commission_id, status, "
          + "error, created_at, updated_at FROM clouvel_runs WHERE account_id = ? AND task_id IN (" + in
          + ") ORDER BY seq DESC")) {
        ps.setString(1, accountId);
        for (int i = 0; i < ids.size(); i++) {
          ps.setLong(i + 2, ids.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            runs.add(run(rs, steps));
          }
        }
      }
      return runs;
    });
  }

  @Override
  public boolean useTrend(String accountId, String trendKey, TaskId by, Instant at) {
    RunStoreChecks.useTrend(accountId, trendKey, by, at);
    return inTransaction("use trend " + trendKey, c -> {
      Long owner = owner(c, accountId, trendKey);
      if (owner == null) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO clouvel_used_trends (account_id, trend_key, task_id, used_at) VALUES (?, ?, ?, ?)")) {
          ps.setString(1, accountId);
          ps.setString(2, trendKey);
          ps.setLong(3, by.value());
          ps.setObject(4, ts(at));
          ps.executeUpdate(); // a concurrent insert fails with 23505 and the transaction is repeated
        }
        return true;
      }
      return owner == by.value();
    });
  }

  private static @Nullable Long owner(Connection c, String accountId, String trendKey) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT task_id FROM clouvel_used_trends WHERE account_id = ? AND trend_key = ?")) {
      ps.setString(1, accountId);
      ps.setString(2, trendKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  @Override
  public Set<String> usedTrends(String accountId, Collection<String> trendKeys) {
    RunStoreChecks.usedTrends(accountId, trendKeys);
    List<String> keys = List.copyOf(new LinkedHashSet<>(trendKeys));
    if (keys.isEmpty()) {
      return Set.of();
    }
    return inTransaction("used trends", c -> {
      Set<String> found = new java.util.HashSet<>();
      for (int from = 0; from < keys.size(); from += 500) {
        List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
        String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT trend_key FROM clouvel_used_trends WHERE account_id = ? AND trend_key IN (" + in + ")")) {
          ps.setString(1, accountId);
          for (int i = 0; i < chunk.size(); i++) {
            ps.setString(i + 2, chunk.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              found.add(rs.getString(1));
            }
          }
        }
      }
      Set<String> ordered = new LinkedHashSet<>();
      for (String k : keys) {
        if (found.contains(k)) {
          ordered.add(k);
        }
      }
      return ordered;
    });
  }

  @Override
  public void close() {
    // the data source was handed to us: its owner closes it
  }

  @Override
  public String toString() {
    return "JdbcRunStore";
  }
}
