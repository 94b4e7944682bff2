package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.JdbcTaskQueue;
import ai.clouvel.sdk.queue.RetryPolicy;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskWorker} on the JDBC queue in an H2 file database. */
class H2TaskWorkerTest extends AbstractTaskWorkerTest {
  @TempDir
  Path dir;

  @Override
  protected TaskQueue newQueue(RetryPolicy retry) {
    return JdbcTaskQueue.builder(TestDatabases.h2File(dir))
        .retryPolicy(retry)
        .leaseRecoveryInterval(Duration.ZERO)
        .migrate(true)
        .build();
  }
}
