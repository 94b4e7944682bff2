package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.queue.TaskId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A stage of a run failed. Retryable when its cause is (a provider outage, a lost lease); not when
 * the input or the content cannot pass (an unknown community, no usable trend, copy that still
 * breaks the platform rules after the allowed regenerations). {@link #reasons()} lists every
 * reason, e.g. each compliance violation.
 */
public class StageFailedException extends ClouvelException {
  private static final long serialVersionUID = 1L;

  private final Stage stage;
  private final long taskId;
  private final List<String> reasons;

  /**
   * @param stage the stage that failed
   * @param taskId the task whose run it was
   * @param reasons why, one entry per reason; at least one
   * @param cause the underlying error, if any
   * @param retryable whether another attempt may succeed
   */
  public StageFailedException(
      Stage stage, TaskId taskId, List<String> reasons, @Nullable Throwable cause, boolean retryable) {
    super("Stage '" + stage.id() + "' of task " + taskId + " failed: " + String.join("; ", reasons), cause, retryable);
    this.stage = stage;
    this.taskId = taskId.value();
    this.reasons = List.copyOf(reasons);
  }

  /** The stage that failed. */
  public Stage stage() {
    return stage;
  }

  /** The task whose run it was. */
  public TaskId taskId() {
    return new TaskId(taskId);
  }

  /** Every reason, in order. */
  public List<String> reasons() {
    return reasons;
  }
}
