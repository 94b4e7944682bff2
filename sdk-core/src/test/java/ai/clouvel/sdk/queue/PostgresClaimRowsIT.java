package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcTaskQueue.Builder#claimRowsInFlight}: a queue object's PostgreSQL claims take at most
 * that many rows at once, counted by rows asked for, and a failed claim gives its share back.
 */
class PostgresClaimRowsIT {
  static final Duration LEASE = Duration.ofMinutes(5);
  static HikariDataSource pool;
  HookedDataSource dataSource;
  ExecutorService threads;

  @BeforeAll
  static void database() {
    pool = PostgresTaskQueueIT.pool(TestDatabases.freshPostgres(), 6);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @BeforeEach
  void setUp() {
    dataSource = new HookedDataSource(pool);
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "claim-rows-test");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  private JdbcTaskQueue queue(int claimRowsInFlight) throws SQLException {
    JdbcTaskQueue queue = JdbcTaskQueue.builder(dataSource).migrate(true).claimRowsInFlight(claimRowsInFlight)
        .leaseRecoveryInterval(Duration.ofHours(1)).build();
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("DELETE FROM clouvel_tasks");
    }
    queue.enqueueAll(IntStream.range(0, 40).mapToObj(i -> TaskSpec.of("ROWS")).toList());
    // The first claim also sweeps expired leases (its own connection); later ones take one each.
    assertThat(queue.claim("warm-up", 1, LEASE)).hasSize(1);
    return queue;
  }

  @Test
  void a_claim_waits_while_the_claims_in_flight_hold_too_many_rows() throws Exception {
    try (JdbcTaskQueue queue = queue(15)) {
      CountDownLatch firstIn = new CountDownLatch(1);
      CountDownLatch letFirstGo = new CountDownLatch(1);
      AtomicInteger claimsStarted = new AtomicInteger();
      dataSource.hook = () -> {
        if (claimsStarted.incrementAndGet() == 1) {
          firstIn.countDown();
          awaitOrFail(letFirstGo);
        }
      };
      Future<List<ClaimedTask>> ten = threads.submit(() -> queue.claim("a", 10, LEASE));
      awaitOrFail(firstIn); // holds 10 of 15 rows until let go

      // 10 + 5 fit: this claim runs beside the first.
      assertThat(threads.submit(() -> queue.claim("b", 5, LEASE)).get(10, TimeUnit.SECONDS)).hasSize(5);

      // 10 + 10 do not: this one waits before it takes a connection.
      List<List<ClaimedTask>> waiting = new ArrayList<>();
      Thread second = new Thread(() -> waiting.add(queue.claim("c", 10, LEASE)));
      second.setDaemon(true);
      second.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (second.getState() != Thread.State.WAITING && second.isAlive() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(second.getState()).as("the second claim of 10 waits").isEqualTo(Thread.State.WAITING);
      assertThat(claimsStarted).as("claims that reached the database").hasValue(2);

      letFirstGo.countDown();
      assertThat(ten.get(10, TimeUnit.SECONDS)).hasSize(10);
      second.join(10_000);
      assertThat(waiting).singleElement().satisfies(c -> assertThat(c).hasSize(10));
      assertThat(claimsStarted).hasValue(3);
    }
  }

  @Test
  void a_failed_claim_gives_its_rows_back() throws Exception {
    try (JdbcTaskQueue queue = queue(10)) {
      dataSource.hook = () -> {
        throw new SQLException("connection refused", "08001");
      };
      // Each would wait for ever if a failed claim kept its rows.
      for (int i = 0; i < 3; i++) {
        Future<List<ClaimedTask>> failing = threads.submit(() -> queue.claim("w", 10, LEASE));
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(ClouvelException.class).hasMessageContaining("claim failed");
      }
      dataSource.hook = null;
      assertThat(threads.submit(() -> queue.claim("w", 50, LEASE)).get(10, TimeUnit.SECONDS)).hasSize(39);
    }
  }

  @Test
  void zero_turns_the_bound_off_and_negative_is_refused() throws Exception {
    try (JdbcTaskQueue queue = queue(0)) {
      CountDownLatch bothIn = new CountDownLatch(2);
      dataSource.hook = () -> {
        bothIn.countDown();
        awaitOrFail(bothIn);
      };
      Future<List<ClaimedTask>> a = threads.submit(() -> queue.claim("a", 1_000, LEASE));
      Future<List<ClaimedTask>> b = threads.submit(() -> queue.claim("b", 1_000, LEASE));
      assertThat(a.get(10, TimeUnit.SECONDS).size() + b.get(10, TimeUnit.SECONDS).size()).isEqualTo(39);
    }
    assertThatThrownBy(() -> JdbcTaskQueue.builder(pool).claimRowsInFlight(-1))
        .isInstanceOf(ValidationException.class).hasMessageContaining("claimRowsInFlight")
        .hasMessageContaining("must not be negative, was -1");
  }

  private static void awaitOrFail(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Something to run before a connection is handed out. */
  interface Hook {
    void run() throws SQLException;
  }

  /** Runs {@link #hook}, if set, each time a connection is taken. */
  static final class HookedDataSource implements DataSource {
    final DataSource delegate;
    volatile Hook hook;

    HookedDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Hook h = hook;
      if (h != null) {
        h.run();
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return delegate.isWrapperFor(iface);
    }
  }
}
