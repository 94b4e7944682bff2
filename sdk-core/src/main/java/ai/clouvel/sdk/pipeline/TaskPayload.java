package ai.clouvel.sdk.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * The typed, validated JSON payload of one of the pipeline's task types. Enqueue one with
 * {@link Pipeline#enqueue(TaskPayload)}; it becomes the task's JSON payload, and the handler reads
 * it back with the same validation, so a bad payload fails naming the field.
 */
public sealed interface TaskPayload permits SponsoredPost, SubredditTierPost, CrossPost, FrontPick, ScheduledPublish {

  /** The task type this payload is for, one of {@link TaskTypes}. */
  String taskType();

  /** The priority the task gets unless the caller sets another. */
  int defaultPriority();

  /** The task's deduplication key: while such a task is queued or running no second one is added. */
  @Nullable String deduplicationKey();

  /** The commission that pays for the run, if any. */
  default @Nullable String commission() {
    return null;
  }
}
