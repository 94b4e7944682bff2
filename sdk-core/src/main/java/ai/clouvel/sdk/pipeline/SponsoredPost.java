package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A paid commission: make a product about what trends in {@code community}, following the
 * sponsor's message, and post it. Runs before any other work.
 *
 * @param commissionId the commission's id, e.g. the payment's; one task per commission
 * @param community the community to take the trend from and to post in
 * @param message the sponsor's message or instruction to the generator; may be empty
 * @param sponsor the sponsor's display name, if they want credit
 * @param publishers the publisher ids to post with; empty for every configured publisher
 */
public record SponsoredPost(
    String commissionId, String community, String message, @Nullable String sponsor, List<String> publishers)
    implements TaskPayload {

  /** Validates every field and copies the list; a missing list is empty, a missing message is empty. */
  public SponsoredPost {
    message = message == null ? "" : message;
    publishers = publishers == null ? List.of() : publishers;
    Checks.of("SponsoredPost")
        .notBlank(commissionId, "commissionId")
        .check(commissionId == null || commissionId.length() <= 150, "commissionId", "must be at most 150 characters")
        .notBlank(community, "community")
        .check(message.length() <= 2000, "message", "must be at most 2000 characters, was " + message.length())
        .check(sponsor == null || !sponsor.isBlank(), "sponsor", "must not be blank when set")
        .noNulls(publishers, "publishers")
        .validate();
    publishers = List.copyOf(publishers);
  }

  /** A commission for every configured publisher. */
  public static SponsoredPost of(String commissionId, String community, String message) {
    return new SponsoredPost(commissionId, community, message, null, List.of());
  }

  @Override
  public String taskType() {
    return TaskTypes.SPONSORED_POST;
  }

  @Override
  public int defaultPriority() {
    return TaskTypes.SPONSORED_PRIORITY;
  }

  @Override
  public String deduplicationKey() {
    return "commission:" + commissionId;
  }

  @Override
  public String commission() {
    return commissionId;
  }
}
