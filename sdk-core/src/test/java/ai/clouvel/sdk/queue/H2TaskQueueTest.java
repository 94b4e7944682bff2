package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.testing.TestDatabases;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The task queue contract against {@link JdbcTaskQueue} on an H2 file database. */
class H2TaskQueueTest extends JdbcTaskQueueContractTest {
  @TempDir static Path dir;
  static DataSource dataSource;

  @BeforeAll
  static void database() {
    dataSource = TestDatabases.h2File(dir);
  }

  @Override
  protected DataSource dataSource() {
    return dataSource;
  }
}
