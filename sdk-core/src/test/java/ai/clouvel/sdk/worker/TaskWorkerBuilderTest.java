package ai.clouvel.sdk.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.queue.InMemoryTaskQueue;
import ai.clouvel.sdk.queue.TaskQueue;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Building, starting and closing a {@link TaskWorker}. */
class TaskWorkerBuilderTest {
  private final TaskQueue queue = InMemoryTaskQueue.create();
  private final TaskHandler noop = ctx -> {};

  @AfterEach
  void closeQueue() {
    queue.close();
  }

  private TaskWorker.Builder builder() {
    return TaskWorker.builder(queue).handler("JOB", noop);
  }

  @Test
  void rejects_each_bad_option_naming_it() {
    assertThatThrownBy(() -> TaskWorker.builder(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("queue");
    assertThatThrownBy(() -> builder().name(" "))
        .isInstanceOf(ValidationException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> builder().name("x".repeat(101)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> builder().concurrency(0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("concurrency").hasMessageContaining("was 0");
    assertThatThrownBy(() -> builder().lease(Duration.ZERO))
        .isInstanceOf(ValidationException.class).hasMessageContaining("lease");
    assertThatThrownBy(() -> builder().lease(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("lease");
    assertThatThrownBy(() -> builder().pollInterval(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("pollInterval.min");
    assertThatThrownBy(() -> builder().pollInterval(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("pollInterval.max");
    assertThatThrownBy(() -> builder().shutdownGrace(Duration.ofSeconds(-1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("shutdownGrace");
    assertThatThrownBy(() -> builder().clock(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("clock");
    assertThatThrownBy(() -> builder().listener(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("listener");
    assertThatThrownBy(() -> builder().typeLimit("JOB", 0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("typeLimit").hasMessageContaining("'JOB'");
  }

  @Test
  void rejects_bad_handlers() {
    assertThatThrownBy(() -> builder().handler("JOB", noop))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'JOB' already has a handler");
    assertThatThrownBy(() -> builder().handler("has space", noop))
        .isInstanceOf(ValidationException.class).hasMessageContaining("handler").hasMessageContaining("'has space'");
    assertThatThrownBy(() -> builder().handler("OTHER", null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("handler").hasMessageContaining("'OTHER'");
    assertThatThrownBy(() -> TaskWorker.builder(queue).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("at least one handler");
    assertThatThrownBy(() -> builder().typeLimit("ELSE", 2).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("typeLimit").hasMessageContaining("'ELSE'").hasMessageContaining("[JOB]");
  }

  @Test
  void starts_once() {
    try (TaskWorker worker = builder().name("once").build()) {
      assertThat(worker.isRunning()).isFalse();
      assertThat(worker.start()).isSameAs(worker);
      assertThat(worker.isRunning()).isTrue();
      assertThatThrownBy(worker::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'once'").hasMessageContaining("already started");
      worker.close();
      assertThat(worker.isRunning()).isFalse();
      assertThatThrownBy(worker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      worker.close(); // closing again does nothing
    }
  }

  @Test
  void drain_needs_a_running_worker() {
    TaskWorker worker = builder().name("idle").build();
    assertThatThrownBy(() -> worker.drain(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
    worker.close();
  }

  @Test
  void a_worker_never_started_holds_no_thread_and_closes_quietly() {
    TaskWorker worker = builder().name("never-started").build();
    worker.close();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("clouvel-worker-never-started-"));
  }

  @Test
  void reports_its_configuration() {
    TaskWorker worker = builder().name("cfg").handler("OTHER", noop).concurrency(8).build();
    assertThat(worker.name()).isEqualTo("cfg");
    assertThat(worker.types()).containsExactly("JOB", "OTHER");
    assertThat(worker.concurrency()).isEqualTo(8);
    assertThat(worker.toString()).contains("cfg", "JOB", "OTHER", "8");
  }
}
