package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;

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
  void enqueueAll_and_completeAll_each_send_one_batched_statement() {
    StatementCounter counter = new StatementCounter(dataSource());
    try (JdbcTaskQueue counted = JdbcTaskQueue.builder(counter.dataSource()).clock(clock).build()) {
      counter.reset();
      List<TaskId> ids = counted.enqueueAll(java.util.stream.IntStream.range(0, 200)
          .mapToObj(i -> TaskSpec.of("T", "{\"i\":" + i + "}")).toList());
      assertThat(ids).hasSize(200).doesNotHaveDuplicates();
      assertThat(counter.count("prepareStatement")).isEqualTo(1);
      assertThat(counter.count("executeBatch")).isEqualTo(1);
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
}
