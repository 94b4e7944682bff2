package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.queue.RetryPolicy;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.testing.TestDatabases;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * {@link TaskWorker} on the JDBC queue in a real PostgreSQL (embedded, started by the test), behind
 * a connection pool as in production.
 */
class PostgresTaskWorkerIT extends AbstractTaskWorkerTest {
  private HikariDataSource pool;

  @Override
  protected TaskQueue newQueue(RetryPolicy retry) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(TestDatabases.freshPostgres());
    config.setMaximumPoolSize(12);
    pool = new HikariDataSource(config);
    return JdbcTaskQueue.builder(pool)
        .retryPolicy(retry)
        .leaseRecoveryInterval(Duration.ZERO)
        .migrate(true)
        .build();
  }

  @Override
  protected void closeQueue(TaskQueue q) {
    q.close();
    pool.close();
  }
}
