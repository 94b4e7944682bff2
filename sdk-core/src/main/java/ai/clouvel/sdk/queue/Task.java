package ai.clouvel.sdk.queue;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task as the queue holds it.
 *
 * @param id the queue's id for it
 * @param accountId the account it belongs to
 * @param type the task type
 * @param payload its input, JSON by convention
 * @param priority higher runs first
 * @param status where it is in its life
 * @param runAt when it is (or was) due
 * @param attempts how many times it has been claimed
 * @param maxAttempts how many attempts before it is dead
 * @param uniqueKey its deduplication key, if any
 * @param createdAt when it was enqueued
 * @param updatedAt when it last changed
 * @param lastError the error of its last failed attempt, if any
 * @param lockedBy the worker holding it while {@link TaskStatus#RUNNING}
 * @param leaseExpiresAt when the worker's lease runs out while {@link TaskStatus#RUNNING}
 * @param cancelRequested whether cancellation was asked for while it was running
 */
public record Task(
    TaskId id,
    String accountId,
    String type,
    String payload,
    int priority,
    TaskStatus status,
    Instant runAt,
    int attempts,
    int maxAttempts,
    @Nullable String uniqueKey,
    Instant createdAt,
    Instant updatedAt,
    @Nullable String lastError,
    @Nullable String lockedBy,
    @Nullable Instant leaseExpiresAt,
    boolean cancelRequested) {}
