package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Failure;
import java.time.Duration;

/**
 * Hears what a {@link TaskWorker} does with each task, for metrics and logs. Every method does
 * nothing by default; override the ones you need.
 *
 * <p>Per attempt the events come in this order: {@link #onClaimed}, then either
 * {@link #onReleased} (the worker gave the task back without running it) or a failure of an
 * unknown task type ({@link #onFailed} and {@link #onDead}), or {@link #onStarted} followed by
 * one outcome: {@link #onSucceeded}, {@link #onFailed} (then {@link #onDead} when the task will not
 * run again), {@link #onCancelled} or {@link #onReleased}. {@link #onLeaseLost} can come between
 * {@link #onStarted} and the outcome, or be the last event of an attempt whose outcome the queue
 * refused; when the lease was lost before the handler could start, it follows {@link #onClaimed}
 * and no {@link #onStarted} comes.
 *
 * <p>Listeners are called on the worker's threads, so they must be fast and must not call back
 * into the worker or the queue. An exception thrown by a listener is caught and logged; it never
 * changes what the worker does.
 */
public interface WorkerListener {

  /** The worker claimed {@code task} from the queue. */
  default void onClaimed(ClaimedTask task) {}

  /** The task's handler starts running. */
  default void onStarted(ClaimedTask task) {}

  /**
   * The handler returned and the task is marked succeeded.
   *
   * @param handlerTime how long the handler ran
   */
  default void onSucceeded(ClaimedTask task, Duration handlerTime) {}

  /**
   * The attempt failed and the failure was recorded.
   *
   * @param failure what the queue recorded
   * @param willRetry whether the queue will run the task again after its backoff
   * @param handlerTime how long the handler ran ({@link Duration#ZERO} when it did not run)
   */
  default void onFailed(ClaimedTask task, Failure failure, boolean willRetry, Duration handlerTime) {}

  /** The task is dead: it failed its last attempt or failed with a non-retryable error. */
  default void onDead(ClaimedTask task, Failure failure) {}

  /** The task was cancelled while it ran, and its handler has stopped. */
  default void onCancelled(ClaimedTask task) {}

  /**
   * The queue no longer lets this attempt hold the task: its lease ran out (another attempt may
   * run it now), or it was cancelled. The handler was told to stop. Reported once per attempt.
   */
  default void onLeaseLost(ClaimedTask task) {}

  /**
   * The worker gave the task back to the queue without counting the attempt: at shutdown, or when
   * it claimed a task whose type was at its concurrency limit.
   */
  default void onReleased(ClaimedTask task) {}

  /**
   * A call to the queue failed (for example the database is unreachable). The worker keeps going:
   * it polls again after its backoff, and a task whose outcome could not be recorded runs again
   * when its lease runs out.
   *
   * @param operation the queue method, e.g. {@code claim}, {@code complete}, {@code extendLease}
   * @param error what the queue threw
   */
  default void onQueueError(String operation, RuntimeException error) {}
}
