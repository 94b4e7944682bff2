package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * An earlier run's post, published when its slot comes: the pipeline enqueues one, due at the slot
 * its {@link PublishSlots} gives, instead of publishing at once.
 *
 * @param sourceTaskId the task whose run made the content and listing
 * @param publisher the publisher id to post with
 * @param community the community to post in, if the platform has communities
 */
public record ScheduledPublish(long sourceTaskId, String publisher, @Nullable String community) implements TaskPayload {

  /** Validates every field. */
  public ScheduledPublish {
    Checks.of("ScheduledPublish")
        .check(sourceTaskId >= 1, "sourceTaskId", "must be a task id (positive), was " + sourceTaskId)
        .notBlank(publisher, "publisher")
        .check(community == null || !community.isBlank(), "community", "must not be blank when set")
        .validate();
  }

  @Override
  public String taskType() {
    return TaskTypes.PUBLISH;
  }

  @Override
  public int defaultPriority() {
    return TaskTypes.PUBLISH_PRIORITY;
  }

  @Override
  public String deduplicationKey() {
    return "publish:" + sourceTaskId + ":" + publisher + (community == null ? "" : ":" + community);
  }
}
