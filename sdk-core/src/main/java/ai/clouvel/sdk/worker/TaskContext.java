package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Task;
import java.time.Clock;

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
}
