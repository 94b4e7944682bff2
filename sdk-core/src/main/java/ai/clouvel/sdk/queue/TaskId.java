package ai.clouvel.sdk.queue;

/**
 * A task's id, assigned by the queue when the task is enqueued.
 *
 * @param value the id; positive
 */
public record TaskId(long value) implements Comparable<TaskId> {

  /** Rejects ids below 1. */
  public TaskId {
    if (value < 1) {
      throw ai.clouvel.sdk.exception.ValidationException.of("TaskId", "value", "must be positive, was " + value);
    }
  }

  @Override
  public int compareTo(TaskId o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
