package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The saved state of one step of a run: a stage ({@code discover}, {@code generate}, …) or one
 * side effect within a stage ({@code publish:outbox:java}).
 *
 * @param step the step's name, 1 to 200 characters
 * @param state {@link State#ATTEMPTED} before a side effect is made, {@link State#DONE} once its
 *     result is saved
 * @param output the step's output as JSON, for {@code DONE} steps; {@code null} while attempted
 * @param elapsed how long the step took, for {@code DONE} steps; zero otherwise
 * @param updatedAt when the state was saved
 */
public record Checkpoint(String step, State state, @Nullable String output, Duration elapsed, Instant updatedAt) {

  /** Whether a step's side effect was begun or its output saved. */
  public enum State {
    /** The side effect may have happened: reconcile before repeating it. */
    ATTEMPTED,
    /** The output is saved; the step is never run again. */
    DONE
  }

  /** Validates every field. */
  public Checkpoint {
    Checks.of("Checkpoint")
        .notBlank(step, "step")
        .check(step == null || step.length() <= 200, "step", "must be at most 200 characters")
        .notNull(state, "state")
        .check(state != State.DONE || output != null, "output", "is required when the step is done")
        .check(elapsed != null && !elapsed.isNegative(), "elapsed", "must not be negative")
        .notNull(updatedAt, "updatedAt")
        .validate();
  }

  /** Whether the step's output is saved. */
  public boolean isDone() {
    return state == State.DONE;
  }
}
