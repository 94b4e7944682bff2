package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.internal.jdbc.Dialect;
import ai.clouvel.sdk.internal.queue.TaskSql;
import ai.clouvel.sdk.testing.SettableClock;
import ai.clouvel.sdk.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim cursor of {@link JdbcTaskQueue} on PostgreSQL: claims start where the previous one
 * ended instead of stepping over every claimed task's index entry, claim order stays exact for what
 * the queue itself makes ready, and what it cannot see waits at most the cursor's age.
 */
class PostgresClaimCursorIT {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);
  static final Duration HOUR = Duration.ofHours(1);
  static HikariDataSource dataSource;

  @BeforeAll
  static void database() throws SQLException {
    dataSource = PostgresTaskQueueIT.pool(TestDatabases.freshPostgres(), 6);
    JdbcTaskQueue.builder(dataSource).migrate(true).build().close();
    // Claimed tasks' index entries stay put, whatever the test's timing.
    execute("ALTER TABLE clouvel_tasks SET (autovacuum_enabled = false)");
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    execute("TRUNCATE TABLE clouvel_tasks RESTART IDENTITY");
  }

  @Test
  void a_claim_from_the_cursor_reads_a_few_pages_where_one_from_the_beginning_steps_over_every_claimed_task()
      throws SQLException {
    List<ClaimedTask> claimed;
    try (JdbcTaskQueue queue = JdbcTaskQueue.builder(dataSource).build()) {
      queue.enqueueAll(Collections.nCopies(20_000, TaskSpec.of("T")));
      claimed = new ArrayList<>();
      for (int i = 0; i < 19; i++) {
        claimed.addAll(queue.claim("w", 1000, LEASE));
      }
    }
    assertThat(claimed).hasSize(19_000);
    Task last = claimed.get(claimed.size() - 1).task();

    long fromBeginning = blocksOfOneClaim(null);
    long fromCursor = blocksOfOneClaim(last);

    // The ready index holds about 200 entries per page: 19,000 claimed tasks are some 90 pages, and
    // entries not yet known dead cost a visit to their heap page (537 buffers in all when written).
    // The claim itself touches a dozen: the index descents, the heap page, the new row's index entries.
    assertThat(fromCursor).as("buffers touched by a claim from the cursor").isLessThan(30);
    assertThat(fromBeginning).as("buffers touched by a claim from the beginning").isGreaterThan(80)
        .isGreaterThan(10 * fromCursor);
  }

  /** Shared buffers touched by one claim of one task, the queue's own statement, rolled back. */
  private static long blocksOfOneClaim(Task from) throws SQLException {
    String claim = new TaskSql(Dialect.POSTGRESQL, null)
        .claimOne(from == null ? TaskSql.From.BEGINNING : TaskSql.From.REST_OF_PRIORITY, false);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + claim)) {
        int i = 1;
        ps.setString(i++, "w");
        ps.setLong(i++, LEASE.toMillis());
        if (from != null) {
          ps.setInt(i++, from.priority());
          ps.setObject(i++, OffsetDateTime.ofInstant(from.runAt(), ZoneOffset.UTC));
          ps.setLong(i, from.id().value());
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          String plan = rs.getString(1);
          assertThat(plan).as("claims one task").contains("\"Actual Rows\": 1.00");
          // The top node's counts include its children's.
          Matcher m = Pattern.compile("\"Shared Hit Blocks\": (\\d+),\\s*\"Shared Read Blocks\": (\\d+)").matcher(plan);
          assertThat(m.find()).as(plan).isTrue();
          return Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
        }
      } finally {
        c.rollback();
      }
    }
  }

  @Test
  void a_claim_of_one_sends_one_statement_while_the_cursors_priority_has_tasks_and_one_more_per_step_down() {
    StatementCounter counter = new StatementCounter(dataSource);
    try (JdbcTaskQueue queue = JdbcTaskQueue.builder(counter.dataSource()).claimCursorMaxAge(HOUR)
        .leaseRecoveryInterval(HOUR).build()) {
      List<TaskId> high = queue.enqueueAll(Collections.nCopies(3, TaskSpec.builder("T").priority(5).build()));
      TaskId low = queue.enqueue(TaskSpec.builder("T").priority(1).build());
      assertThat(queue.claim("w", 1, LEASE)).extracting(ClaimedTask::id).containsExactly(high.get(0));

      int[] executions = new int[5];
      List<TaskId> got = new ArrayList<>();
      for (int i = 0; i < executions.length; i++) {
        counter.reset();
        queue.claim("w", 1, LEASE).forEach(t -> got.add(t.id()));
        executions[i] = counter.executions();
      }
      assertThat(got).containsExactly(high.get(1), high.get(2), low);
      // The rest of priority 5, twice; then it has none: priority 1 below it. Then nothing from the
      // cursor, below it, or from the beginning; after that the cursor is gone and one statement
      // finds that nothing is due.
      assertThat(executions).containsExactly(1, 1, 2, 3, 1);
    }
  }

  @Test
  void claim_order_stays_exact_for_everything_the_queue_makes_ready_however_old_the_cursor() {
    SettableClock clock = new SettableClock(T0);
    Random random = new Random(42);
    Map<TaskId, Task> queued = new HashMap<>();
    List<ClaimedTask> held = new ArrayList<>();
    Comparator<Task> claimOrder = Comparator.comparingInt((Task t) -> -t.priority())
        .thenComparing(Task::runAt).thenComparing(Task::id);
    // The cursor never ages here: only the queue's own bookkeeping keeps the order.
    try (JdbcTaskQueue queue = JdbcTaskQueue.builder(dataSource).clock(clock).claimCursorMaxAge(HOUR)
        .leaseRecoveryInterval(HOUR).build()) {
      for (int step = 0; step < 1500; step++) {
        clock.advance(Duration.ofMillis(1));
        int op = random.nextInt(10);
        if (op < 3) { // enqueue: any priority, due now or in the last 100 s
          int n = 1 + random.nextInt(3);
          List<TaskSpec> specs = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            TaskSpec.Builder b = TaskSpec.builder("T").priority(random.nextInt(4)).maxAttempts(1000);
            if (random.nextBoolean()) {
              b.runAt(clock.instant().minusMillis(random.nextInt(100_000)));
            }
            specs.add(b.build());
          }
          for (TaskId id : n == 1 ? List.of(queue.enqueue(specs.get(0))) : queue.enqueueAll(specs)) {
            queued.put(id, queue.find(id).orElseThrow());
          }
        } else if (op < 7) { // claim
          int n = 1 + random.nextInt(3);
          List<Task> expected = queued.values().stream().sorted(claimOrder).limit(n).toList();
          List<ClaimedTask> got = queue.claim("w", n, LEASE);
          assertThat(got).as("step %d", step).extracting(ClaimedTask::id)
              .containsExactlyElementsOf(expected.stream().map(Task::id).toList());
          got.forEach(c -> queued.remove(c.id()));
          held.addAll(got);
        } else if (!held.isEmpty()) { // complete, fail (queued again at once) or release
          ClaimedTask c = held.remove(random.nextInt(held.size()));
          if (op == 7) {
            queue.complete(c);
          } else {
            if (op == 8) {
              queue.fail(c, new Failure("again", null, true, Duration.ZERO));
            } else {
              assertThat(queue.release(c)).isTrue();
            }
            queued.put(c.id(), queue.find(c.id()).orElseThrow());
          }
        }
      }
    }
  }

  @Test
  void a_task_another_node_enqueues_before_the_cursor_is_claimed_in_its_place_once_the_cursor_is_max_age_old() {
    SettableClock clock = new SettableClock(T0);
    try (JdbcTaskQueue nodeA = JdbcTaskQueue.builder(dataSource).clock(clock).claimCursorMaxAge(HOUR).build();
        JdbcTaskQueue nodeB = JdbcTaskQueue.builder(dataSource).clock(clock).build();
        JdbcTaskQueue exact = JdbcTaskQueue.builder(dataSource).clock(clock).claimCursorMaxAge(Duration.ZERO)
            .build()) {
      List<TaskId> low = nodeA.enqueueAll(Collections.nCopies(5, TaskSpec.of("LOW")));
      assertThat(nodeA.claim("w", 1, LEASE)).extracting(ClaimedTask::id).containsExactly(low.get(0));

      TaskId urgent = nodeB.enqueue(TaskSpec.builder("URGENT").priority(9).build());

      // Node A reads on from its cursor, after the urgent task: it cannot know of it yet.
      assertThat(nodeA.claim("w", 1, LEASE)).extracting(ClaimedTask::id).containsExactly(low.get(1));
      clock.advance(HOUR);
      assertThat(nodeA.claim("w", 1, LEASE)).extracting(ClaimedTask::id).containsExactly(urgent);

      TaskId urgent2 = nodeB.enqueue(TaskSpec.builder("URGENT").priority(9).build());
      assertThat(exact.claim("w", 1, LEASE)).extracting(ClaimedTask::id).containsExactly(urgent2);
    }
  }

  @Test
  void claims_from_the_cursor_move_on_to_lower_priorities_and_come_back_empty_when_nothing_is_due() {
    try (JdbcTaskQueue queue = JdbcTaskQueue.builder(dataSource).claimCursorMaxAge(HOUR).build()) {
      TaskId high = queue.enqueue(TaskSpec.builder("T").priority(5).build());
      TaskId mid = queue.enqueue(TaskSpec.builder("T").priority(3).build());
      TaskId low = queue.enqueue(TaskSpec.builder("T").priority(1).build());

      assertThat(queue.claim("w", 1, LEASE)).extracting(ClaimedTask::id).containsExactly(high);
      assertThat(queue.claim("w", 1, LEASE)).extracting(ClaimedTask::id).containsExactly(mid);
      assertThat(queue.claim("w", 5, LEASE)).extracting(ClaimedTask::id).containsExactly(low);
      assertThat(queue.claim("w", 5, LEASE)).isEmpty();

      TaskId later = queue.enqueue(TaskSpec.builder("T").priority(0).build());
      assertThat(queue.claim("w", 5, LEASE)).extracting(ClaimedTask::id).containsExactly(later);
    }
  }

  @Test
  void claimCursorMaxAge_must_be_between_zero_and_one_hour() {
    JdbcTaskQueue.Builder b = JdbcTaskQueue.builder(dataSource);
    for (Duration bad : new Duration[] {Duration.ofMillis(-1), HOUR.plusNanos(1), null}) {
      assertThatThrownBy(() -> b.claimCursorMaxAge(bad)).isInstanceOf(ValidationException.class)
          .hasMessageContaining("claimCursorMaxAge").hasMessageContaining("between zero and one hour");
    }
    b.claimCursorMaxAge(Duration.ZERO).claimCursorMaxAge(HOUR);
  }

  private static void execute(String... statements) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
