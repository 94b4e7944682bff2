package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Task;
import java.time.Clock;
import java.time.Duration;

/** What a {@link TaskHandler} gets: the claimed task, and whether it should stop. */
public interface TaskContext {
  /** The claimed task with its lease. */
  ClaimedTask claimed();

  /** The task. */
  default Task task() {
    return claimed().task();
  }

  /** The task's payload. */
  default String payload() {
    return claimed().payload();
  }

  /** True once the task was cancelled or its lease was lost; the handler should stop. */
  boolean isCancelled();

  /** The clock the worker runs on. */
  Clock clock();

  /**
   * Extends this attempt's lease to now plus {@code extension}, for a handler that knows its next
   * step takes longer than the lease. The worker already renews the lease of every running task
   * when about half of it is used, so most handlers never call this.
   *
   * @param extension how long from now the lease should last; positive
   * @return {@code true} when the lease was extended; {@code false} when the task was cancelled
   *     or its lease was lost, and then {@link #isCancelled()} is true and the handler should stop
   * @throws UnsupportedOperationException when this context cannot extend leases
   */
  default boolean extendLease(Duration extension) {
    throw new UnsupportedOperationException("This TaskContext cannot extend leases");
  }
}
