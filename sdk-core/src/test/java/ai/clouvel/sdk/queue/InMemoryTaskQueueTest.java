package ai.clouvel.sdk.queue;

import java.time.Clock;

/** The task queue contract against {@link InMemoryTaskQueue}. */
class InMemoryTaskQueueTest extends TaskQueueContractTest {

  @Override
  protected TaskQueue createQueue(Clock clock, RetryPolicy retryPolicy, int maxPayloadBytes) {
    return InMemoryTaskQueue.builder().clock(clock).retryPolicy(retryPolicy).maxPayloadBytes(maxPayloadBytes).build();
  }
}
