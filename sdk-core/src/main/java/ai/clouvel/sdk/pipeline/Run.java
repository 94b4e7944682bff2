package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A run as its {@link RunStore} holds it: the task it belongs to and the checkpoint of every step
 * begun so far.
 *
 * @param id the account and task
 * @param taskType the task's type
 * @param commissionId the commission that paid for it, if any
 * @param status where it is
 * @param checkpoints every step begun, in the order each was first saved; copied
 * @param error the error of the last failed attempt, if any
 * @param createdAt when the first attempt began
 * @param updatedAt when it last changed
 */
public record Run(
    RunId id,
    String taskType,
    @Nullable String commissionId,
    RunStatus status,
    List<Checkpoint> checkpoints,
    @Nullable String error,
    Instant createdAt,
    Instant updatedAt) {

  /** Validates every field and copies the list. */
  public Run {
    Checks.of("Run")
        .notNull(id, "id")
        .notBlank(taskType, "taskType")
        .notNull(status, "status")
        .noNulls(checkpoints, "checkpoints")
        .notNull(createdAt, "createdAt")
        .notNull(updatedAt, "updatedAt")
        .validate();
    checkpoints = List.copyOf(checkpoints);
  }

  /** The checkpoint of {@code step}, if it was begun. */
  public Optional<Checkpoint> checkpoint(String step) {
    for (Checkpoint c : checkpoints) {
      if (c.step().equals(step)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code step}'s output is saved. */
  public boolean isDone(String step) {
    return checkpoint(step).map(Checkpoint::isDone).orElse(false);
  }
}
