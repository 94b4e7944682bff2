package ai.clouvel.samples.quickstart;

import ai.clouvel.sdk.pipeline.RunStore;
import ai.clouvel.sdk.queue.InMemoryTaskQueue;
import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.queue.TaskQueue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The task queue and run store of one {@code --store}: both in memory, or both in one database (an
 * H2 file, or any H2 or PostgreSQL JDBC URL).
 *
 * @param queue the task queue
 * @param runs the run store
 * @param description what the store is, for messages
 * @param durable whether it outlives the process
 * @param h2 the embedded H2 database to shut down on close, if that is the store
 */
record Stores(TaskQueue queue, RunStore runs, String description, boolean durable, @Nullable DataSource h2)
    implements AutoCloseable {

  static Stores open(String store, Clock clock) {
    if (store.equals("memory")) {
      return new Stores(InMemoryTaskQueue.builder().clock(clock).build(), RunStore.inMemory(), "memory", false, null);
    }
    String url;
    String description;
    if (store.startsWith("h2:")) {
      Path file = Path.of(store.substring(3)).toAbsolutePath();
      // H2 adds .mv.db; commits are flushed at once so that a killed run loses nothing it saved.
      url = "jdbc:h2:file:" + file + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
      description = "H2 file " + file + ".mv.db";
    } else {
      url = store;
      description = store.replaceAll("password=[^&;]*", "password=***");
    }
    DataSource dataSource = new UrlDataSource(url);
    try (Connection ignored = dataSource.getConnection()) {
      // fail early, naming the store, when the database cannot be reached
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot open the store " + description + ": " + e.getMessage(), e);
    }
    RunStore runs = RunStore.jdbc(dataSource);
    TaskQueue queue = JdbcTaskQueue.builder(dataSource).clock(clock).migrate(true).build();
    return new Stores(queue, runs, description, true, url.startsWith("jdbc:h2:") ? dataSource : null);
  }

  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      runs.close();
      if (h2 != null) {
        // Close the embedded database so the file can be opened again, by this process or another.
        try (Connection c = h2.getConnection(); java.sql.Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        } catch (SQLException ignored) {
          // already closed
        }
      }
    }
  }

  /** Connections straight from the driver: the CLI is one short-lived process and needs no pool. */
  private static final class UrlDataSource implements DataSource {
    private final String url;

    UrlDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return DriverManager.getConnection(url, username, password);
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {
      // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
