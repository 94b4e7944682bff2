package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.testing.TestDatabases;
import javax.sql.DataSource;

class PostgresRunStoreIT extends RunStoreContract {
  private DataSource dataSource;

  @Override
  protected RunStore newStore() {
    dataSource = TestDatabases.freshPostgres();
    return RunStore.jdbc(dataSource);
  }

  @Override
  protected RunStore reopen() {
    return RunStore.jdbc(dataSource);
  }
}
