package ai.clouvel.benchmarks.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain statements on any of the benchmarks' databases (PostgreSQL or H2), outside what is measured. */
public final class Sql {
  private Sql() {}

  /** Runs {@code sql} statements on {@code ds}, one after the other. */
  public static void execute(javax.sql.DataSource ds, String... sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Statement failed: " + String.join("; ", sql), e);
    }
  }

  /** The single {@code long} that {@code sql} returns. */
  public static long queryLong(javax.sql.DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Query failed: " + sql, e);
    }
  }
}
