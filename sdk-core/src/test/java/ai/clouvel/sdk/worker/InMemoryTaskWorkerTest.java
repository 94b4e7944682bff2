package ai.clouvel.sdk.worker;

import ai.clouvel.sdk.queue.InMemoryTaskQueue;
import ai.clouvel.sdk.queue.RetryPolicy;
import ai.clouvel.sdk.queue.TaskQueue;

/** {@link TaskWorker} on the in-memory queue. */
class InMemoryTaskWorkerTest extends AbstractTaskWorkerTest {
  @Override
  protected TaskQueue newQueue(RetryPolicy retry) {
    return InMemoryTaskQueue.builder().retryPolicy(retry).build();
  }
}
