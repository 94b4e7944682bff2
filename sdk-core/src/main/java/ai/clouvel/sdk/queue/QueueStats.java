package ai.clouvel.sdk.queue;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the queue.
 *
 * @param byStatus the number of tasks per status; every status present, zero when none
 * @param byType the number of tasks per type and status
 * @param oldestDueAge how long the oldest due, unclaimed task has been waiting; {@code null} when none is due
 */
public record QueueStats(
    Map<TaskStatus, Long> byStatus, Map<String, Map<TaskStatus, Long>> byType, @Nullable Duration oldestDueAge) {

  /** Copies the maps. */
  public QueueStats {
    byStatus = Map.copyOf(byStatus);
    byType = Map.copyOf(byType);
  }

  /** The number of tasks with {@code status}. */
  public long count(TaskStatus status) {
    return byStatus.getOrDefault(status, 0L);
  }
}
