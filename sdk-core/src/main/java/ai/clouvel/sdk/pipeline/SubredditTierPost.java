package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A community reached a fundraising tier: make a product about what trends there and post it.
 *
 * @param community the community that reached the tier
 * @param tier the tier's name, e.g. {@code gold}
 * @param message an instruction to the generator, if any
 * @param publishers the publisher ids to post with; empty for every configured publisher
 */
public record SubredditTierPost(String community, String tier, @Nullable String message, List<String> publishers)
    implements TaskPayload {

  /** Validates every field and copies the list; a missing list is empty. */
  public SubredditTierPost {
    publishers = publishers == null ? List.of() : publishers;
    Checks.of("SubredditTierPost")
        .notBlank(community, "community")
        .notBlank(tier, "tier")
        .check(message == null || message.length() <= 2000, "message", "must be at most 2000 characters")
        .noNulls(publishers, "publishers")
        .validate();
    publishers = List.copyOf(publishers);
  }

  @Override
  public String taskType() {
    return TaskTypes.SUBREDDIT_TIER_POST;
  }

  @Override
  public int defaultPriority() {
    return TaskTypes.TIER_PRIORITY;
  }

  @Override
  public String deduplicationKey() {
    return "tier:" + community + ":" + tier;
  }
}
