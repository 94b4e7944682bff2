package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What to ask a {@code ContentGenerator} for: an idea, a title, copy for each target platform and
 * art, about one trend.
 *
 * @param trend the trend to write about
 * @param platforms the target platforms' rules, one per platform the copy is for; at least one
 * @param message the sponsor's or host's instruction (e.g. a commission message), if any
 * @param feedback why an earlier attempt was rejected (compliance reasons), for regeneration
 * @param withArt whether to generate art as well as copy
 * @param idempotencyKey identifies this generation across retries
 * @param attributes other inputs (niche, tone, product type), copied
 */
public record ContentRequest(
    Trend trend,
    List<PlatformRules> platforms,
    @Nullable String message,
    List<String> feedback,
    boolean withArt,
    String idempotencyKey,
    Map<String, String> attributes) {

  /** Validates every field and copies the collections. */
  public ContentRequest {
    Checks.of("ContentRequest")
        .notNull(trend, "trend")
        .noNulls(platforms, "platforms")
        .check(platforms == null || !platforms.isEmpty(), "platforms", "must name at least one platform")
        .noNulls(feedback, "feedback")
        .notBlank(idempotencyKey, "idempotencyKey")
        .notNull(attributes, "attributes")
        .validate();
    platforms = List.copyOf(platforms);
    feedback = List.copyOf(feedback);
    attributes = Map.copyOf(attributes);
  }
}
