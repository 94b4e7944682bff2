package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.queue.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where runs keep their checkpoints, and which trends each account has used. Every write is durable
 * when the method returns, so a process that dies after a call finds its effect on restart.
 *
 * <p>Implementations: {@code InMemoryRunStore} (the embedded default, {@link #inMemory()}) and
 * {@code JdbcRunStore} (H2 file or PostgreSQL, {@link #jdbc(javax.sql.DataSource)}). Every method
 * is thread-safe; bad input throws {@link ai.clouvel.sdk.exception.ValidationException} naming the
 * field. Every query is scoped by account.
 */
public interface RunStore extends AutoCloseable {

  /** A store in memory: fast, lost when the process ends. */
  static RunStore inMemory() {
    return new ai.clouvel.sdk.internal.pipeline.InMemoryRunStore();
  }

  /**
   * A store in the database behind {@code dataSource} (H2 or PostgreSQL), after applying its schema
   * migrations. Closing the store never closes the data source.
   */
  static RunStore jdbc(javax.sql.DataSource dataSource) {
    return ai.clouvel.sdk.internal.pipeline.JdbcRunStore.create(dataSource);
  }

  /**
   * Begins an attempt of a run: creates the run, or marks an existing one {@link RunStatus#RUNNING}
   * again keeping its checkpoints.
   *
   * @return the run with every checkpoint saved so far
   */
  Run begin(RunId id, String taskType, @Nullable String commissionId, Instant at);

  /** The run, if it was begun. */
  Optional<Run> find(RunId id);

  /**
   * Records that a step's side effect is about to be made. A step that is already done stays done.
   *
   * @throws ai.clouvel.sdk.exception.ValidationException when the run was not begun
   */
  void attempted(RunId id, String step, Instant at);

  /**
   * Saves a step's output and marks it done; saving a done step again replaces its output.
   *
   * @param output the output as JSON
   * @param elapsed how long the step took
   * @throws ai.clouvel.sdk.exception.ValidationException when the run was not begun
   */
  void done(RunId id, String step, String output, Duration elapsed, Instant at);

  /**
   * Ends an attempt of the run with {@code status} ({@link RunStatus#SUCCEEDED} or
   * {@link RunStatus#FAILED}) and the error of a failed attempt.
   *
   * @throws ai.clouvel.sdk.exception.ValidationException when the run was not begun
   */
  void finish(RunId id, RunStatus status, @Nullable String error, Instant at);

  /** The account's runs, newest first, at most {@code limit} (1 to 1000). */
  List<Run> list(String accountId, int limit);

  /**
   * Marks a trend used by a task, so no other run of the account picks it.
   *
   * @param trendKey the trend's {@link ai.clouvel.sdk.model.Trend#key()}
   * @return {@code true} when the trend is now the task's (including when it already was),
   *     {@code false} when another task of the account used it first
   */
  boolean useTrend(String accountId, String trendKey, TaskId by, Instant at);

  /** Which of {@code trendKeys} the account has used. */
  Set<String> usedTrends(String accountId, Collection<String> trendKeys);

  /** Releases what the store created (never a {@code DataSource} handed to it). */
  @Override
  void close();
}
