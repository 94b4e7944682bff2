package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import ai.clouvel.sdk.queue.TaskId;

/**
 * Identifies a run: one task of one account. Every attempt of the task shares the run, which is
 * how a retried task finds the checkpoints of the attempts before it.
 *
 * @param accountId the account the task belongs to
 * @param taskId the task
 */
public record RunId(String accountId, TaskId taskId) {

  /** Validates every field. */
  public RunId {
    Checks.of("RunId").notBlank(accountId, "accountId").notNull(taskId, "taskId").validate();
  }

  @Override
  public String toString() {
    return accountId + "/" + taskId;
  }
}
