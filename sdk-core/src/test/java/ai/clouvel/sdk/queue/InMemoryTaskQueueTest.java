package ai.clouvel.sdk.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The task queue contract against {@link InMemoryTaskQueue}, plus a stress test of its lock-free lists. */
class InMemoryTaskQueueTest extends TaskQueueContractTest {

  @Override
  protected TaskQueue createQueue(Clock clock, RetryPolicy retryPolicy, int maxPayloadBytes) {
    return InMemoryTaskQueue.builder().clock(clock).retryPolicy(retryPolicy).maxPayloadBytes(maxPayloadBytes).build();
  }

  @Test
  void eight_workers_with_retries_and_cancels_succeed_each_task_at_most_once_and_leave_none_behind()
      throws Exception {
    int tasks = 20_000;
    InMemoryTaskQueue q = InMemoryTaskQueue.create();
    List<TaskId> ids = q.enqueueAll(IntStream.range(0, tasks)
        .mapToObj(i -> TaskSpec.builder("T").priority(i % 4).build()).toList());
    Map<TaskId, AtomicInteger> successes = new ConcurrentHashMap<>();
    AtomicInteger lost = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      List<Future<?>> futures = new ArrayList<>();
      futures.add(pool.submit(() -> { // cancels 2 % of the tasks while they are queued or running
        for (int i = 0; i < tasks / 50; i++) {
          q.cancel(ids.get(ThreadLocalRandom.current().nextInt(tasks)));
        }
        return null;
      }));
      for (int w = 0; w < 8; w++) {
        String worker = "w" + w;
        futures.add(pool.submit(() -> {
          while (true) {
            List<ClaimedTask> batch = q.claim(worker, 16, Duration.ofMinutes(1));
            if (batch.isEmpty()) {
              QueueStats s = q.stats();
              if (s.count(TaskStatus.QUEUED) + s.count(TaskStatus.RUNNING) == 0) {
                return null;
              }
              Thread.onSpinWait();
              continue;
            }
            List<ClaimedTask> done = new ArrayList<>();
            for (ClaimedTask c : batch) {
              if (ThreadLocalRandom.current().nextInt(10) == 0) { // 10 % fail and are due again at once
                q.fail(c, new Failure("flaky", null, true, Duration.ZERO));
              } else {
                done.add(c);
              }
            }
            List<ClaimedTask> lostNow = q.completeAll(done);
            lost.addAndGet(lostNow.size());
            done.removeAll(lostNow);
            for (ClaimedTask c : done) {
              successes.computeIfAbsent(c.id(), id -> new AtomicInteger()).incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    QueueStats stats = q.stats();
    assertThat(lost).hasValue(0);
    assertThat(successes.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(stats.count(TaskStatus.SUCCEEDED)).isEqualTo(successes.size());
    assertThat(stats.count(TaskStatus.SUCCEEDED) + stats.count(TaskStatus.CANCELLED) + stats.count(TaskStatus.DEAD))
        .isEqualTo(tasks);
    assertThat(stats.count(TaskStatus.CANCELLED)).isPositive();
    for (TaskId id : ids) {
      Task t = q.find(id).orElseThrow();
      assertThat(t.status().isFinal()).as("task %s is finished", id).isTrue();
      assertThat(t.status() == TaskStatus.SUCCEEDED).isEqualTo(successes.containsKey(id));
    }
  }
}
