package ai.clouvel.sdk.exception;

/**
 * A worker tried to complete, fail or extend a task it no longer holds: its lease expired and the
 * task was handed to another attempt, or the task was cancelled. Nothing was changed. Not
 * retryable: the newer attempt owns the task now.
 */
public class LeaseLostException extends ClouvelException {
  private static final long serialVersionUID = 1L;

  private final long taskId;

  /**
   * @param taskId the task's id
   * @param message why the lease is no longer held
   */
  public LeaseLostException(long taskId, String message) {
    super("Task " + taskId + ": " + message, null, false);
    this.taskId = taskId;
  }

  /** The task's id. */
  public long taskId() {
    return taskId;
  }
}
