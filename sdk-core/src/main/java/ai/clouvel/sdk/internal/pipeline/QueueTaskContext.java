package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.worker.TaskContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The context of a task the pipeline claimed itself ({@code Pipeline.runOnce}): each
 * {@link #isCancelled()} check renews the lease, and reports a lost lease or a cancellation.
 */
public final class QueueTaskContext implements TaskContext {
  private final TaskQueue queue;
  private final Clock clock;
  private final Duration lease;
  private volatile ClaimedTask claimed;
  private volatile boolean cancelled;

  /** A context for {@code claimed}, renewing its lease by {@code lease} at every check. */
  public QueueTaskContext(TaskQueue queue, ClaimedTask claimed, Clock clock, Duration lease) {
    this.queue = queue;
    this.claimed = claimed;
    this.clock = clock;
    this.lease = lease;
  }

  @Override
  public ClaimedTask claimed() {
    return claimed;
  }

  @Override
  public boolean isCancelled() {
    if (cancelled) {
      return true;
    }
    Optional<ClaimedTask> renewed = queue.extendLease(claimed, lease);
    if (renewed.isEmpty()) {
      cancelled = true;
      return true;
    }
    claimed = renewed.get();
    return false;
  }

  @Override
  public Clock clock() {
    return clock;
  }
}
