package ai.clouvel.sdk.queue;

/** Where a task is in its life. A retried task goes back to {@link #QUEUED} with a later due time. */
public enum TaskStatus {
  /** Waiting until it is due and a worker claims it. */
  QUEUED,
  /** Held by a worker under a lease. */
  RUNNING,
  /** Finished successfully. */
  SUCCEEDED,
  /** Failed its last allowed attempt, or failed with "do not retry"; kept with its last error. */
  DEAD,
  /** Cancelled before it finished. */
  CANCELLED;

  /** Whether the task will not run again (unless a dead task is requeued). */
  public boolean isFinal() {
    return this == SUCCEEDED || this == DEAD || this == CANCELLED;
  }
}
