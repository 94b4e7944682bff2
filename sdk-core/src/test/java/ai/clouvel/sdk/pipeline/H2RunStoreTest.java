package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2RunStoreTest extends RunStoreContract {
  @TempDir
  Path dir;

  @Override
  protected RunStore newStore() {
    return RunStore.jdbc(TestDatabases.h2File(dir));
  }

  @Override
  protected RunStore reopen() {
    return RunStore.jdbc(TestDatabases.h2File(dir));
  }
}
