package ai.clouvel.sdk.worker;

/**
 * Runs one task type. Return normally and the task succeeds. Throw and the attempt fails: a
 * {@link ai.clouvel.sdk.exception.ClouvelException} whose {@code isRetryable()} is false sends the
 * task straight to dead; anything else is retried with backoff until its attempts run out.
 *
 * <p>Long handlers should check {@link TaskContext#isCancelled()} between steps: it turns true when
 * the task was cancelled or its lease was lost, and the thread is also interrupted.
 */
@FunctionalInterface
public interface TaskHandler {
  /**
   * Handles one claimed task.
   *
   * @param context the task and its lease
   * @throws Exception to fail the attempt
   */
  void handle(TaskContext context) throws Exception;
}
