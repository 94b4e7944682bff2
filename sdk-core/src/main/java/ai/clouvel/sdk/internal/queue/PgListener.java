package ai.clouvel.sdk.internal.queue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a PostgreSQL notification channel with one dedicated connection on one daemon thread,
 * and runs a callback for each batch of notifications (and after every (re)connect, since
 * notifications sent while disconnected are lost). Uses the PostgreSQL driver through reflection,
 * so the SDK has no compile-time dependency on it.
 */
public final class PgListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final int POLL_MILLIS = 250;

  private final DataSource dataSource;
  private final String channel;
  private final Runnable onNotify;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch listening = new CountDownLatch(1);

  /**
   * @param dataSource where to take the listening connection from
   * @param channel the channel name (a plain identifier)
   * @param onNotify run on the listener thread when notifications arrive; must not block long
   */
  public PgListener(DataSource dataSource, String channel, Runnable onNotify) {
    if (!channel.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("channel must be a plain identifier: " + channel);
    }
    this.dataSource = dataSource;
    this.channel = channel;
    this.onNotify = onNotify;
    this.thread = new Thread(this::run, "clouvel-queue-listener");
    this.thread.setDaemon(true);
  }

  /** Starts listening. */
  public void start() {
    thread.start();
  }

  /** Waits until the first {@code LISTEN} took effect; for tests. */
  public boolean awaitListening(long timeout, TimeUnit unit) throws InterruptedException {
    return listening.await(timeout, unit);
  }

  private void run() {
    while (stop.getCount() > 0) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + channel);
        }
        Class<?> pgConnection = Class.forName("org.postgresql.PGConnection", true, c.getClass().getClassLoader());
        Object pg = c.unwrap(pgConnection);
        Method poll = pgConnection.getMethod("getNotifications", int.class);
        listening.countDown();
        safeNotify();
        while (stop.getCount() > 0) {
          Object[] notes = (Object[]) poll.invoke(pg, POLL_MILLIS);
          if (notes != null && notes.length > 0) {
            safeNotify();
          }
        }
      } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
        if (stop.getCount() == 0) {
          return;
        }
        Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        LOG.warn("Listening for new tasks on PostgreSQL failed; retrying in 1 s: {}", cause.toString());
        try {
          if (stop.await(1, TimeUnit.SECONDS)) {
            return;
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void safeNotify() {
    try {
      onNotify.run();
    } catch (RuntimeException e) {
      LOG.warn("A task-available callback threw; it should not", e);
    }
  }

  /** Stops the thread and closes its connection; waits up to 5 s for it. */
  @Override
  public void close() {
    stop.countDown();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("The task queue's PostgreSQL listener did not stop within 5 s");
    }
  }

  /** Whether the thread is still running; for tests. */
  public boolean isAlive() {
    return thread.isAlive();
  }
}
