package ai.clouvel.sdk.queue;

import java.time.Instant;

/**
 * A task handed to one worker under a lease. Pass it back to {@link TaskQueue#complete},
 * {@link TaskQueue#fail} or {@link TaskQueue#extendLease}: those are fenced by {@link #attempt()},
 * so a worker whose lease expired and whose task was claimed again cannot change the newer
 * attempt's outcome.
 *
 * @param task the task as it was when claimed
 * @param worker the worker that claimed it
 * @param attempt the attempt number this claim made (1 for the first); the fencing token
 * @param leaseExpiresAt when the lease runs out unless extended
 */
public record ClaimedTask(Task task, String worker, int attempt, Instant leaseExpiresAt) {

  /** The task's id. */
  public TaskId id() {
    return task.id();
  }

  /** The task's type. */
  public String type() {
    return task.type();
  }

  /** The task's payload. */
  public String payload() {
    return task.payload();
  }

  /** A copy with a later lease expiry, as {@link TaskQueue#extendLease} returns it. */
  public ClaimedTask withLeaseExpiresAt(Instant expiresAt) {
    return new ClaimedTask(task, worker, attempt, expiresAt);
  }
}
