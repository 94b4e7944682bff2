package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import ai.clouvel.sdk.queue.TaskId;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to one stage of one run: the basis for progress bars and live progress.
 * Every {@link Kind#STARTED} is followed by exactly one {@link Kind#FINISHED} or {@link Kind#FAILED}
 * for the same stage; a stage finished by an earlier attempt is reported once as
 * {@link Kind#SKIPPED}.
 *
 * @param kind what happened
 * @param stage the stage
 * @param taskId the task the run belongs to
 * @param taskType the task's type, e.g. {@code SPONSORED_POST}
 * @param accountId the account the task belongs to
 * @param commissionId the commission that paid for the run, if any
 * @param attempt the task's attempt number (1 for the first)
 * @param at when it happened
 * @param elapsed how long the stage ran, for {@code FINISHED} and {@code FAILED}; zero otherwise
 * @param detail a short human-readable note (the trend picked, the listing URL, the error), if any
 */
public record PipelineEvent(
    Kind kind,
    Stage stage,
    TaskId taskId,
    String taskType,
    String accountId,
    @Nullable String commissionId,
    int attempt,
    Instant at,
    Duration elapsed,
    @Nullable String detail) {

  /** What happened to the stage. */
  public enum Kind {
    /** The stage started. */
    STARTED,
    /** The stage finished and its checkpoint is saved. */
    FINISHED,
    /** The stage failed; {@link #detail()} holds the error. */
    FAILED,
    /** An earlier attempt finished the stage; its checkpoint is reused. */
    SKIPPED
  }

  /** Validates every field. */
  public PipelineEvent {
    Checks.of("PipelineEvent")
        .notNull(kind, "kind")
        .notNull(stage, "stage")
        .notNull(taskId, "taskId")
        .notBlank(taskType, "taskType")
        .notBlank(accountId, "accountId")
        .check(attempt >= 1, "attempt", "must be at least 1, was " + attempt)
        .notNull(at, "at")
        .check(elapsed != null && !elapsed.isNegative(), "elapsed", "must not be negative")
        .validate();
  }

  @Override
  public String toString() {
    return "PipelineEvent[task " + taskId + " " + taskType + " " + stage.id() + " " + kind
        + (kind == Kind.FINISHED || kind == Kind.FAILED ? " in " + elapsed.toMillis() + " ms" : "")
        + (detail == null ? "" : ": " + detail) + "]";
  }
}
