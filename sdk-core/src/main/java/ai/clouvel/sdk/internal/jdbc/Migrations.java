package ai.clouvel.sdk.internal.jdbc;

import ai.clouvel.sdk.exception.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies versioned SQL migration scripts of one component (e.g. {@code queue}) to a database, once
 * each, in version order, and records them in {@code clouvel_schema_history}. Scripts live on the
 * class path at {@code /ai/clouvel/db/<component>/<dialect>/V<n>__<description>.sql} and are
 * named explicitly by the caller (class-path folders cannot be listed reliably inside jars).
 * Statements end with {@code ;} at the end of a line; lines starting with {@code --} are comments.
 *
 * <p>Concurrent migrators on PostgreSQL serialise on an advisory lock; on H2 on a table lock.
 */
public final class Migrations {
  private static final String HISTORY = "clouvel_schema_history";

  private Migrations() {}

  /**
   * Applies the scripts of {@code component} that the database has not seen.
   *
   * @param dataSource where to apply them
   * @param component the component's name, e.g. {@code queue}
   * @param scripts the script file names in version order, e.g. {@code V1__tasks.sql}
   * @return how many scripts were applied now
   */
  public static int apply(DataSource dataSource, String component, List<String> scripts) {
    try (Connection c = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(c);
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        int applied = applyLocked(c, dialect, component, scripts);
        c.commit();
        return applied;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new ConfigurationException(
          "Applying the '" + component + "' schema failed: " + e.getMessage(), null, e);
    }
  }

  private static int applyLocked(Connection c, Dialect dialect, String component, List<String> scripts)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + HISTORY + " ("
          + "component VARCHAR(64) NOT NULL, version INT NOT NULL, script VARCHAR(200) NOT NULL, "
          + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (component, version))");
      if (dialect == Dialect.POSTGRESQL) {
        st.execute("SELECT pg_advisory_xact_lock(7383551)");
      } else {
        st.execute("SELECT component FROM " + HISTORY + " FOR UPDATE");
      }
    }
    int current = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COALESCE(MAX(version), 0) FROM " + HISTORY + " WHERE component = ?")) {
      ps.setString(1, component);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        current = rs.getInt(1);
      }
    }
    int applied = 0;
    int previous = 0;
    for (String script : scripts) {
      int version = version(script);
      if (version <= previous) {
        throw new IllegalArgumentException("Migration scripts must be in increasing version order: " + scripts);
      }
      previous = version;
      if (version <= current) {
        continue;
      }
      String path = "/ai/clouvel/db/" + component + "/" + dialect.folder() + "/" + script;
      try (Statement st = c.createStatement()) {
        for (String sql : statements(read(path))) {
          st.execute(sql);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO " + HISTORY + " (component, version, script, applied_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, component);
        ps.setInt(2, version);
        ps.setString(3, script);
        ps.setObject(4, java.time.OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
        ps.executeUpdate();
      }
      applied++;
    }
    return applied;
  }

  static int version(String script) {
    if (!script.matches("V\\d+__[\\w-]+\\.sql")) {
      throw new IllegalArgumentException("Migration script names look like V1__create_tasks.sql, was " + script);
    }
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  /**
   * The statements of a SQL script: split at a {@code ;} that ends a line, without blank lines and
   * {@code --} comment lines, each without its {@code ;}.
   */
  public static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String stmt = current.toString().strip();
        out.add(stmt.substring(0, stmt.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String read(String path) {
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Migration script not found on the class path: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read migration script " + path, e);
    }
  }
}
