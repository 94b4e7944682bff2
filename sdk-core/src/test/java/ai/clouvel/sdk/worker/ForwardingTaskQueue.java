package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Failure;
import ai.clouvel.sdk.queue.QueueStats;
import ai.clouvel.sdk.queue.Task;
import ai.clouvel.sdk.queue.TaskFilter;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.queue.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Passes every call to a real queue; tests override single methods to count calls or inject a
 * fault in front of the real behaviour.
 */
class ForwardingTaskQueue implements TaskQueue {
  final TaskQueue delegate;

  ForwardingTaskQueue(TaskQueue delegate) {
    this.delegate = delegate;
  }

  @Override
  public TaskId enqueue(TaskSpec spec) {
    return delegate.enqueue(spec);
  }

  @Override
  public List<TaskId> enqueueAll(List<TaskSpec> specs) {
    return delegate.enqueueAll(specs);
  }

  @Override
  public List<ClaimedTask> claim(String worker, int max, Duration lease) {
    return delegate.claim(worker, max, lease);
  }

  @Override
  public void complete(ClaimedTask task) {
    delegate.complete(task);
  }

  @Override
  public List<ClaimedTask> completeAll(List<ClaimedTask> tasks) {
    return delegate.completeAll(tasks);
  }

  @Override
  public void fail(ClaimedTask task, Failure failure) {
    delegate.fail(task, failure);
  }

  @Override
  public boolean release(ClaimedTask task) {
    return delegate.release(task);
  }

  @Override
  public Optional<ClaimedTask> extendLease(ClaimedTask task, Duration extension) {
    return delegate.extendLease(task, extension);
  }

  @Override
  public boolean cancel(TaskId id) {
    return delegate.cancel(id);
  }

  @Override
  public boolean reschedule(TaskId id, Instant runAt) {
    return delegate.reschedule(id, runAt);
  }

  @Override
  public Optional<Task> find(TaskId id) {
    return delegate.find(id);
  }

  @Override
  public List<Task> list(TaskFilter filter) {
    return delegate.list(filter);
  }

  @Override
  public QueueStats stats() {
    return delegate.stats();
  }

  @Override
  public int purge(Duration olderThan, boolean includeDead) {
    return delegate.purge(olderThan, includeDead);
  }

  @Override
  public boolean requeueDead(TaskId id) {
    return delegate.requeueDead(id);
  }

  @Override
  public int requeueAllDead(@Nullable String type) {
    return delegate.requeueAllDead(type);
  }

  @Override
  public AutoCloseable onAvailable(Runnable callback) {
    return delegate.onAvailable(callback);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
