package ai.clouvel.sdk.internal.jdbc;

import ai.clouvel.sdk.exception.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the JDBC stores support. */
public enum Dialect {
  /** PostgreSQL 13 or newer: many workers on many machines. */
  POSTGRESQL("postgresql"),
  /** H2 2.x, usually an embedded file: one process, durable. */
  H2("h2");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The folder name of this dialect's migration scripts. */
  public String folder() {
    return folder;
  }

  /** The dialect of the database behind {@code connection}. */
  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    throw new ConfigurationException(
        "Clouvel's JDBC stores support PostgreSQL and H2; this DataSource is " + product, null);
  }
}
