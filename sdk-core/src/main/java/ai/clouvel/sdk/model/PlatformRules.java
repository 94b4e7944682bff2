package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.util.Set;

/**
 * What a platform accepts in one post; the compliance checker validates generated copy against it.
 *
 * @param platform the platform id, e.g. {@code x}, {@code reddit}
 * @param maxLength the most characters in the body (weighted when {@code weightedLength})
 * @param weightedLength whether length is counted the X way (each link counts as 23, wide
 *     characters as 2)
 * @param maxTitleLength the most characters in a title; {@code 0} when the platform has no titles
 * @param maxHashtags the most hashtags
 * @param maxLinks the most links; {@code 0} when links are not allowed
 * @param requiresAffiliateDisclosure whether a post with an affiliate link must say so (e.g. {@code #ad})
 * @param blockedTerms terms the platform or the host forbids, matched case-insensitively; copied
 */
public record PlatformRules(
    String platform,
    int maxLength,
    boolean weightedLength,
    int maxTitleLength,
    int maxHashtags,
    int maxLinks,
    boolean requiresAffiliateDisclosure,
    Set<String> blockedTerms) {

  /** Validates every field and copies the set. */
  public PlatformRules {
    Checks.of("PlatformRules")
        .notBlank(platform, "platform")
        .check(maxLength > 0, "maxLength", "must be positive, was " + maxLength)
        .check(maxTitleLength >= 0, "maxTitleLength", "must not be negative, was " + maxTitleLength)
        .check(maxHashtags >= 0, "maxHashtags", "must not be negative, was " + maxHashtags)
        .check(maxLinks >= 0, "maxLinks", "must not be negative, was " + maxLinks)
        .noNulls(blockedTerms, "blockedTerms")
        .validate();
    blockedTerms = Set.copyOf(blockedTerms);
  }

  /** Rules that accept anything up to {@code maxLength} characters. */
  public static PlatformRules lenient(String platform, int maxLength) {
    return new PlatformRules(platform, maxLength, false, 300, 30, 10, false, Set.of());
  }
}
