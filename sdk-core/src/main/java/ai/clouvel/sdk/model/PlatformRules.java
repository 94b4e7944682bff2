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

  /**
   * The published limits of a well-known platform: {@code x} (280 weighted characters, links count
   * 23), {@code reddit} (300-character titles, 40,000-character bodies), {@code tiktok} (2,200
   * characters), {@code instagram} (2,200 characters, 30 hashtags, no clickable links). All require
   * an affiliate disclosure on posts with affiliate links.
   *
   * @throws ai.clouvel.sdk.exception.ValidationException for another platform id
   */
  public static PlatformRules forPlatform(String platform) {
    return switch (platform == null ? "" : platform) {
      case "x" -> new PlatformRules("x", 280, true, 0, 5, 2, true, Set.of());
      case "reddit" -> new PlatformRules("reddit", 40_000, false, 300, 10, 10, true, Set.of());
      case "tiktok" -> new PlatformRules("tiktok", 2_200, false, 0, 10, 1, true, Set.of());
      case "instagram" -> new PlatformRules("instagram", 2_200, false, 0, 30, 0, true, Set.of());
      default -> throw ai.clouvel.sdk.exception.ValidationException.of("PlatformRules", "platform",
          "no built-in rules for '" + platform + "'; known: x, reddit, tiktok, instagram");
    };
  }

  /** A copy that also forbids {@code terms}. */
  public PlatformRules withBlockedTerms(Set<String> terms) {
    java.util.Set<String> all = new java.util.HashSet<>(blockedTerms);
    all.addAll(terms);
    return new PlatformRules(platform, maxLength, weightedLength, maxTitleLength, maxHashtags, maxLinks,
        requiresAffiliateDisclosure, all);
  }

  /** Rules that accept anything up to {@code maxLength} characters. */
  public static PlatformRules lenient(String platform, int maxLength) {
    return new PlatformRules(platform, maxLength, false, 300, 30, 10, false, Set.of());
  }
}
