package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskStatus;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Pipeline#runOnce()} did with the task it ran.
 *
 * @param taskId the task
 * @param taskType the task's type
 * @param status the task's status afterwards: {@link TaskStatus#SUCCEEDED}, {@link TaskStatus#QUEUED}
 *     (to be retried), {@link TaskStatus#DEAD} or {@link TaskStatus#CANCELLED}
 * @param error the error of a failed attempt, if any
 * @param report the run's report, for a pipeline task that succeeded
 */
public record RunResult(
    TaskId taskId, String taskType, TaskStatus status, @Nullable String error, @Nullable RunReport report) {

  /** Whether the task succeeded. */
  public boolean succeeded() {
    return status == TaskStatus.SUCCEEDED;
  }
}
