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

  @Test
  void claims_commit_without_waiting_for_the_disk_unless_durableClaims_and_nothing_else_does() throws Exception {
    org.postgresql.ds.PGSimpleDataSource database = (org.postgresql.ds.PGSimpleDataSource) TestDatabases.freshPostgres();
    database.setOptions("-c synchronous_commit=on"); // the test server's default is off
    try (HikariDataSource one = pool(database, 1);
        JdbcTaskQueue fast = JdbcTaskQueue.builder(one).migrate(true).build();
        JdbcTaskQueue durable = JdbcTaskQueue.builder(one).durableClaims(true).build()) {
      // Records the synchronous_commit in force at the end of every statement that changes tasks.
      execute(one, "CREATE TABLE commit_modes (n SERIAL, op TEXT, mode TEXT)",
          "CREATE FUNCTION record_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
              + "INSERT INTO commit_modes (op, mode) VALUES (TG_OP, current_setting('synchronous_commit')); "
              + "RETURN NULL; END $$",
          "CREATE TRIGGER record_commit_mode AFTER INSERT OR UPDATE ON clouvel_tasks "
              + "FOR EACH STATEMENT EXECUTE FUNCTION record_commit_mode()");

      fast.enqueueAll(java.util.List.of(TaskSpec.of("T"), TaskSpec.of("T")));
      ClaimedTask a = fast.claim("w", 1, LEASE).get(0);
      fast.complete(a);
      ClaimedTask b = durable.claim("w", 1, LEASE).get(0);
      durable.fail(b, Failure.permanent("no"));

      assertThat(query(one, "SELECT op || ' ' || mode FROM commit_modes ORDER BY n"))
          .containsExactly(
              "INSERT on", // enqueueAll
              "UPDATE on", // the first claim's lease-recovery sweep
              "UPDATE off", // the claim
              "UPDATE on", // complete
              "UPDATE on", // the durable queue's first lease-recovery sweep
              "UPDATE on", // its claim
              "UPDATE on"); // fail
      assertThat(query(one, "SHOW synchronous_commit")).as("the pooled connection's own setting")
          .containsExactly("on");
      assertThat(fast.find(a.id()).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
    }
  }

  @Test
  void the_tasks_table_has_no_check_constraint_for_writes_to_plan_again() throws java.sql.SQLException {
    // Its checks are domain types (see V1__create_tasks.sql): PostgreSQL plans a table's CHECK
    // constraints again in every claim and complete.
    assertThat(query(dataSource, "SELECT conname FROM pg_constraint WHERE conrelid = 'clouvel_tasks'::regclass "
        + "AND contype = 'c'")).isEmpty();
    assertThat(query(dataSource, "SELECT column_name || ' ' || domain_name FROM information_schema.columns "
        + "WHERE table_name = 'clouvel_tasks' AND domain_name IS NOT NULL ORDER BY column_name"))
        .containsExactly("max_attempts clouvel_task_max_attempts", "status clouvel_task_status");
  }

  @Test
  void enqueueAll_stores_due_times_exactly_as_enqueue_does() {
    java.time.Instant t = T0.plusSeconds(60).plusNanos(123_456_500);
    TaskId one = queue.enqueue(TaskSpec.builder("T").runAt(t).build());
    java.util.List<TaskId> all = queue.enqueueAll(java.util.List.of(TaskSpec.builder("T").runAt(t).build(),
        TaskSpec.builder("T").runAt(t.plusNanos(-1)).build()));

    assertThat(task(all.get(0)).runAt()).isEqualTo(task(one).runAt()).isEqualTo(T0.plusSeconds(60).plusNanos(123_457_000));
    assertThat(task(all.get(1)).runAt()).isEqualTo(T0.plusSeconds(60).plusNanos(123_456_000));
  }

  private static void execute(DataSource ds, String... statements) throws java.sql.SQLException {
    try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private static java.util.List<String> query(DataSource ds, String sql) throws java.sql.SQLException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
