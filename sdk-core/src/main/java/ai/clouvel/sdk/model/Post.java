package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One post to publish.
 *
 * @param platform the target platform's id, e.g. {@code reddit}
 * @param community where on the platform (a subreddit), if the platform has communities
 * @param title the title, for platforms that have titles; may be empty
 * @param body the text, hashtags and links included
 * @param media an image or video to attach, if any
 * @param idempotencyKey derived from (task, stage, target): the same key is never posted twice
 */
public record Post(
    String platform, @Nullable String community, String title, String body, @Nullable Asset media,
    String idempotencyKey) {

  /** Validates every field. */
  public Post {
    Checks.of("Post")
        .notBlank(platform, "platform")
        .check(community == null || !community.isBlank(), "community", "must not be blank when set")
        .notNull(title, "title")
        .notBlank(body, "body")
        .notBlank(idempotencyKey, "idempotencyKey")
        .validate();
  }

  /** The hashtags in the body, without {@code #}. */
  public List<String> hashtags() {
    return java.util.regex.Pattern.compile("#([\\p{L}\\p{N}_]+)").matcher(body).results()
        .map(m -> m.group(1)).toList();
  }
}
