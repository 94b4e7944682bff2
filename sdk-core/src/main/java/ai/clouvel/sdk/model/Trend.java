package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Something that is trending in a community: a Reddit post, an X topic, a TikTok sound.
 *
 * @param id the source's stable id for the item (used to skip trends already used)
 * @param source the id of the {@code TrendSource} that found it, e.g. {@code reddit}
 * @param community where it trends, e.g. a subreddit name, an X niche or a TikTok hashtag
 * @param title the headline
 * @param url a link to it, if it has one
 * @param score the source's popularity score (upvotes, likes, views); never negative
 * @param comments how many comments or replies it has; never negative
 * @param createdAt when it was posted
 * @param nsfw whether the source marks it not safe for work
 * @param attributes other source-specific facts (author, flair, thumbnail), copied
 */
public record Trend(
    String id,
    String source,
    String community,
    String title,
    @Nullable URI url,
    long score,
    long comments,
    Instant createdAt,
    boolean nsfw,
    Map<String, String> attributes) {

  /** Validates every field and copies the attributes. */
  public Trend {
    Checks.of("Trend")
        .notBlank(id, "id")
        .notBlank(source, "source")
        .notBlank(community, "community")
        .notBlank(title, "title")
        .check(score >= 0, "score", "must not be negative, was " + score)
        .check(comments >= 0, "comments", "must not be negative, was " + comments)
        .notNull(createdAt, "createdAt")
        .notNull(attributes, "attributes")
        .validate();
    attributes = Map.copyOf(attributes);
  }

  /** A key that is unique across sources: {@code source:id}. */
  public String key() {
    return source + ":" + id;
  }
}
