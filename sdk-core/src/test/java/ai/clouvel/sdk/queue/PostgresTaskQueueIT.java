package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.testing.TestDatabases;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task queue contract against {@link JdbcTaskQueue} on a real (embedded) PostgreSQL, plus what
 * only PostgreSQL does: notifications between nodes.
 */
class PostgresTaskQueueIT extends JdbcTaskQueueContractTest {
  static HikariDataSource dataSource;

  @BeforeAll
  static void database() {
    dataSource = pool(TestDatabases.freshPostgres(), 10);
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  static HikariDataSource pool(DataSource ds, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(ds);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    return new HikariDataSource(config);
  }

  @Override
  protected DataSource dataSource() {
    return dataSource;
  }

  @Test
  void onAvailable_hears_enqueues_of_another_node() throws Exception {
    try (HikariDataSource otherPool = pool(TestDatabases.postgresDataSource(dataSource.getDataSource() instanceof
            org.postgresql.ds.PGSimpleDataSource pg ? pg.getDatabaseName() : "postgres"), 2);
        JdbcTaskQueue nodeA = JdbcTaskQueue.builder(dataSource).build();
        JdbcTaskQueue nodeB = JdbcTaskQueue.builder(otherPool).build()) {
      CountDownLatch heard = new CountDownLatch(1);
      CountDownLatch connected = new CountDownLatch(1);
      nodeA.onAvailable(() -> {
        if (connected.getCount() > 0) {
          connected.countDown(); // the listener's first call, right after LISTEN took effect
        } else {
          heard.countDown();
        }
      });
      assertThat(connected.await(10, TimeUnit.SECONDS)).as("listener connected").isTrue();

      nodeB.enqueue(TaskSpec.of("FROM_B"));

      assertThat(heard.await(10, TimeUnit.SECONDS)).as("node A heard node B's enqueue").isTrue();
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("clouvel-queue-listener")
        && t.isAlive());
  }
}
