package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The task queue contract against {@link JdbcTaskQueue}, plus what every JDBC database must show. */
abstract class JdbcTaskQueueContractTest extends TaskQueueContractTest {

  /** The database under test, shared by the class's tests and emptied before each. */
  protected abstract DataSource dataSource();

  @Override
  protected TaskQueue createQueue(Clock clock, RetryPolicy retryPolicy, int maxPayloadBytes) {
    JdbcTaskQueue q = JdbcTaskQueue.builder(dataSource()).clock(clock).retryPolicy(retryPolicy)
        .maxPayloadBytes(maxPayloadBytes).migrate(true).build();
    try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("TRUNCATE TABLE clouvel_tasks RESTART IDENTITY");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return q;
  }

  @Test
  void migrate_is_applied_once() {
    assertThat(((JdbcTaskQueue) queue).migrate()).isZero();
  }

  @Test
  void on_the_database_clock_due_times_and_leases_follow_the_database() {
    try (JdbcTaskQueue dbClock = JdbcTaskQueue.builder(dataSource()).retryPolicy(RETRY).build()) {
      Instant before = Instant.now().minusSeconds(5);
      TaskId later = dbClock.enqueue(TaskSpec.builder("T").priority(9).runAt(Instant.now().plusSeconds(3600)).build());
      TaskId now = dbClock.enqueue(TaskSpec.of("T"));

      List<ClaimedTask> claimed = dbClock.claim("w", 10, Duration.ofSeconds(30));

      assertThat(claimed).extracting(ClaimedTask::id).containsExactly(now);
      ClaimedTask c = claimed.get(0);
      assertThat(c.leaseExpiresAt()).isBetween(before.plusSeconds(30), Instant.now().plusSeconds(40));
      assertThat(dbClock.extendLease(c, Duration.ofSeconds(120)).orElseThrow().leaseExpiresAt())
          .isAfter(c.leaseExpiresAt());
      dbClock.fail(c, new Failure("later", null, true, Duration.ofMinutes(10)));
      assertThat(dbClock.find(now).orElseThrow().runAt()).isAfter(Instant.now().plusSeconds(500));
      assertThat(dbClock.find(later).orElseThrow().status()).isEqualTo(TaskStatus.QUEUED);
      assertThat(dbClock.stats().oldestDueAge()).isNull();
    }
  }

  @Test
  void a_pool_handing_out_connections_without_auto_commit_still_commits_every_change() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource());
    config.setAutoCommit(false); // as JPA set-ups often configure their pool
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        JdbcTaskQueue onPool = JdbcTaskQueue.builder(pool).clock(clock).build()) {
      onPool.enqueue(TaskSpec.of("T"));
      onPool.enqueueAll(List.of(TaskSpec.of("T"), TaskSpec.of("T"), TaskSpec.of("T")));
      onPool.complete(onPool.claim("w", 1, LEASE).get(0));
      assertThat(onPool.completeAll(onPool.claim("w", 2, LEASE))).isEmpty();
    }

    // Seen on the test's own auto-commit connections: nothing was rolled back.
    assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(3);
    assertThat(queue.stats().count(TaskStatus.QUEUED)).isEqualTo(1);
  }

  @Test
  void the_schema_rejects_an_unknown_status_and_fewer_than_one_attempt() throws SQLException {
    TaskId id = queue.enqueue(TaskSpec.of("T"));
    try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
      for (String bad : List.of("status = 'PAUSED'", "max_attempts = 0")) {
        assertThatThrownBy(() -> st.executeUpdate("UPDATE clouvel_tasks SET " + bad + " WHERE id = " + id.value()))
            .as(bad).isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("23"));
      }
    }
    Task stored = queue.find(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(stored.maxAttempts()).isEqualTo(TaskSpec.of("T").maxAttempts());
  }

  @Test
  void enqueueAll_and_completeAll_each_send_one_statement() {
    StatementCounter counter = new StatementCounter(dataSource());
    try (JdbcTaskQueue counted = JdbcTaskQueue.builder(counter.dataSource()).clock(clock).build()) {
      counter.reset();
      List<TaskId> ids = counted.enqueueAll(java.util.stream.IntStream.range(0, 200)
          .mapToObj(i -> TaskSpec.of("T", "{\"i\":" + i + "}")).toList());
      assertThat(ids).hasSize(200).doesNotHaveDuplicates();
      assertThat(counter.count("prepareStatement")).isEqualTo(1);
      assertThat(counter.executions()).isEqualTo(1);

      List<ClaimedTask> claimed = counted.claim("w", 200, LEASE);
      assertThat(claimed).hasSize(200);
      counter.reset();
      assertThat(counted.completeAll(claimed)).isEmpty();
      assertThat(counter.count("prepareStatement")).isEqualTo(1);
      assertThat(counter.executions()).isEqualTo(1);
      assertThat(counted.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(200);
    }
  }

  @Test
  void enqueueAll_returns_ids_in_input_order_with_taken_unique_keys_in_the_middle() {
    TaskId finished = queue.enqueue(TaskSpec.builder("T").uniqueKey("done").build());
    queue.complete(claimOne("w"));
    TaskId held = queue.enqueue(TaskSpec.builder("T").uniqueKey("held").build());

    List<TaskId> ids = queue.enqueueAll(List.of(
        TaskSpec.of("T", "{\"i\":0}"),
        TaskSpec.builder("T").payload("{\"i\":1}").uniqueKey("a").build(),
        TaskSpec.builder("T").payload("{\"i\":2}").uniqueKey("held").build(),
        TaskSpec.of("T", "{\"i\":3}"),
        TaskSpec.builder("T").payload("{\"i\":4}").uniqueKey("a").build(),
        TaskSpec.builder("T").payload("{\"i\":5}").uniqueKey("done").build(),
        TaskSpec.of("T", "{\"i\":6}")));

    assertThat(ids).hasSize(7);
    assertThat(ids.get(2)).isEqualTo(held);
    assertThat(ids.get(4)).isEqualTo(ids.get(1));
    List<TaskId> created = List.of(ids.get(0), ids.get(1), ids.get(3), ids.get(5), ids.get(6));
    assertThat(created).isSorted().doesNotHaveDuplicates().doesNotContain(held, finished);
    for (int i : new int[] {0, 1, 3, 5, 6}) {
      assertThat(task(ids.get(i)).payload()).isEqualTo("{\"i\":" + i + "}");
    }
    assertThat(task(held).payload()).isEqualTo("{}");
    assertThat(task(ids.get(5)).uniqueKey()).isEqualTo("done");
    assertThat(queue.stats().count(TaskStatus.QUEUED)).isEqualTo(6);
  }

  @Test
  void enqueueAll_keeps_each_specs_own_fields() {
    Instant later = T0.plusSeconds(3600).plusNanos(123_456_000);
    List<TaskId> ids = queue.enqueueAll(List.of(
        TaskSpec.builder("A").payload("{\"q\":\"it's \\\"quoted\\\" {x,y}\"}").priority(-3).maxAttempts(1)
            .accountId("alice").runAt(later).build(),
        TaskSpec.builder("B").priority(7).maxAttempts(9).accountId("bob").uniqueKey("k, {1}").build()));

    Task a = task(ids.get(0));
    assertThat(a.type()).isEqualTo("A");
    assertThat(a.payload()).isEqualTo("{\"q\":\"it's \\\"quoted\\\" {x,y}\"}");
    assertThat(a.priority()).isEqualTo(-3);
    assertThat(a.maxAttempts()).isEqualTo(1);
    assertThat(a.accountId()).isEqualTo("alice");
    assertThat(a.runAt()).isEqualTo(later);
    assertThat(a.uniqueKey()).isNull();
    Task b = task(ids.get(1));
    assertThat(b.type()).isEqualTo("B");
    assertThat(b.priority()).isEqualTo(7);
    assertThat(b.maxAttempts()).isEqualTo(9);
    assertThat(b.accountId()).isEqualTo("bob");
    assertThat(b.runAt()).isEqualTo(T0);
    assertThat(b.uniqueKey()).isEqualTo("k, {1}");
    assertThat(queue.enqueue(TaskSpec.builder("B").accountId("bob").uniqueKey("k, {1}").build())).isEqualTo(ids.get(1));
  }

  @Test
  void completeAll_with_a_duplicate_and_a_stale_task_completes_each_task_once() {
    queue.enqueueAll(List.of(spec("T"), spec("T"), spec("T")));
    List<ClaimedTask> held = queue.claim("w", 3, LEASE);
    assertThat(queue.release(held.get(2))).isTrue();
    ClaimedTask again = claimOne("w2");

    List<ClaimedTask> lost = queue.completeAll(List.of(held.get(0), held.get(1), held.get(0), held.get(2)));

    assertThat(lost).hasSize(2).contains(held.get(0), held.get(2));
    assertThat(task(again.id()).status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(queue.stats().count(TaskStatus.SUCCEEDED)).isEqualTo(2);
  }

  @Test
  void a_claim_of_more_tasks_than_the_sql_names_literally_still_takes_exactly_max() {
    int n = ai.clouvel.sdk.internal.queue.TaskSql.MAX_LITERAL_LIMIT + 5;
    queue.enqueueAll(java.util.Collections.nCopies(n, spec("T")));

    assertThat(queue.claim("w", n - 2, LEASE)).hasSize(n - 2).extracting(ClaimedTask::id).doesNotHaveDuplicates();
    assertThat(queue.claim("w", 1, LEASE)).hasSize(1);
    assertThat(queue.claim("w", n, LEASE)).hasSize(1);
    assertThat(queue.stats().count(TaskStatus.RUNNING)).isEqualTo(n);
  }
}
