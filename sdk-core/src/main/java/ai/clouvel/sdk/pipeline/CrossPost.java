package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Re-post the product of an earlier, finished run with another publisher or in another community.
 * The earlier run's trend, content and listing are reused; copy is generated only when the earlier
 * run made none for the target's platform.
 *
 * @param sourceTaskId the task whose run made the product
 * @param publisher the publisher id to post with
 * @param community the community to post in, if the platform has communities
 */
public record CrossPost(long sourceTaskId, String publisher, @Nullable String community) implements TaskPayload {

  /** Validates every field. */
  public CrossPost {
    Checks.of("CrossPost")
        .check(sourceTaskId >= 1, "sourceTaskId", "must be a task id (positive), was " + sourceTaskId)
        .notBlank(publisher, "publisher")
        .check(community == null || !community.isBlank(), "community", "must not be blank when set")
        .validate();
  }

  @Override
  public String taskType() {
    return TaskTypes.CROSS_POST;
  }

  @Override
  public int defaultPriority() {
    return TaskTypes.CROSS_POST_PRIORITY;
  }

  @Override
  public String deduplicationKey() {
    return "cross:" + sourceTaskId + ":" + publisher + (community == null ? "" : ":" + community);
  }
}
