package ai.clouvel.sdk.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A durable queue of tasks, ordered by priority (higher first), then due time (earlier first), then
 * enqueue order. A task is invisible until it is due. Workers {@link #claim} tasks under a lease (a
 * visibility timeout): a task whose lease runs out before it is completed, failed or extended is
 * due again, and that attempt counts. No task is ever held by two workers at once.
 *
 * <p>Implementations: {@code InMemoryTaskQueue} (the embedded default) and {@code JdbcTaskQueue}
 * (H2 file for one process, PostgreSQL for many workers on many machines). Every method is
 * thread-safe. Bad input throws {@link ai.clouvel.sdk.exception.ValidationException} naming the
 * field and changes nothing.
 *
 * <p><b>Fencing.</b> {@link #complete}, {@link #completeAll}, {@link #fail}, {@link #extendLease}
 * and {@link #release} act only while the task is still running under the same attempt
 * ({@link ClaimedTask#attempt()}) and worker. A worker whose lease ran out may still finish its
 * attempt as long as no other claim took the task; once another claim did (or the lease recovery
 * requeued it), the stale call changes nothing. Expired leases are recovered by {@link #claim}
 * (and {@link #stats}): the task is queued again, dead when that was its last attempt (last error
 * {@code "lease expired"}), or cancelled when cancellation was requested.
 */
public interface TaskQueue extends AutoCloseable {

  /**
   * Adds a task. If {@link TaskSpec#uniqueKey()} is set and a task of the same account with that
   * key is queued or running, returns that task's id and adds nothing (race-safe: concurrent
   * enqueues of one key create one task).
   */
  TaskId enqueue(TaskSpec spec);

  /** Adds many tasks in one round trip; ids come back in the order of {@code specs}. */
  List<TaskId> enqueueAll(List<TaskSpec> specs);

  /**
   * Hands up to {@code max} due tasks to {@code worker}, atomically, best first.
   *
   * @param worker the claiming worker's name, kept on the task
   * @param max the most tasks to claim; at least 1
   * @param lease how long the worker holds them unless it extends; positive
   */
  List<ClaimedTask> claim(String worker, int max, Duration lease);

  /**
   * Marks a claimed task succeeded.
   *
   * @throws ai.clouvel.sdk.exception.LeaseLostException when this attempt no longer holds the task
   */
  void complete(ClaimedTask task);

  /**
   * Marks many claimed tasks succeeded in one round trip.
   *
   * @return the tasks whose lease was lost, which were left unchanged
   */
  List<ClaimedTask> completeAll(List<ClaimedTask> tasks);

  /**
   * Records a failed attempt: the task is queued again after the retry policy's backoff (or
   * {@link Failure#retryAfter()}), or is {@link TaskStatus#DEAD} when it used its last attempt, the
   * failure is not retryable, or it was cancelled while running (then {@link TaskStatus#CANCELLED}).
   *
   * @throws ai.clouvel.sdk.exception.LeaseLostException when this attempt no longer holds the task
   */
  void fail(ClaimedTask task, Failure failure);

  /**
   * Returns a claimed task to the queue, due now, without counting this attempt: for a worker that
   * shuts down before it started the handler, or stops one that is safe to repeat. A task whose
   * cancellation was requested is cancelled instead.
   *
   * @return whether this attempt still held the task (otherwise nothing changed)
   */
  boolean release(ClaimedTask task);

  /**
   * Extends the lease of a running task to now plus {@code extension}.
   *
   * @return the task with its new lease, or empty when this attempt no longer holds the task or
   *     cancellation was requested: the handler should stop
   */
  Optional<ClaimedTask> extendLease(ClaimedTask task, Duration extension);

  /**
   * Cancels a task: a queued task is {@link TaskStatus#CANCELLED} at once; a running one is flagged
   * ({@link Task#cancelRequested()}) so its worker stops it.
   *
   * @return whether the task was queued or running
   */
  boolean cancel(TaskId id);

  /**
   * Moves a queued task's due time.
   *
   * @return whether the task was queued
   */
  boolean reschedule(TaskId id, Instant runAt);

  /** The task, if the queue holds it. */
  Optional<Task> find(TaskId id);

  /** A page of tasks matching {@code filter}, newest first. */
  List<Task> list(TaskFilter filter);

  /** Counts per status and type, and the age of the oldest due task. */
  QueueStats stats();

  /**
   * Deletes succeeded and cancelled tasks that finished more than {@code olderThan} ago (dead tasks
   * are kept for inspection unless {@code includeDead}).
   *
   * @return how many were deleted
   */
  int purge(Duration olderThan, boolean includeDead);

  /**
   * Queues a dead task again, due now, with a fresh set of attempts.
   *
   * @return whether the task was dead and was queued again; {@code false} also when another task
   *     with its unique key is queued or running (it then stays dead)
   */
  boolean requeueDead(TaskId id);

  /**
   * Queues every dead task of {@code type} (or of every type when {@code null}) again.
   *
   * @return how many were requeued
   */
  int requeueAllDead(@org.jspecify.annotations.Nullable String type);

  /**
   * Registers a callback run whenever new work may be due: an enqueue in this process, or (on
   * PostgreSQL) a notification from another node. Callbacks must be fast and must not throw.
   *
   * @return closing it unregisters the callback
   */
  AutoCloseable onAvailable(Runnable callback);

  /** Releases the queue's threads and connections (never a {@code DataSource} handed to it). */
  @Override
  void close();
}
