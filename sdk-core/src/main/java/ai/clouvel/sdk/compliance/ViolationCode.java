package ai.clouvel.sdk.compliance;

/** The rule a post breaks; stable machine codes for dashboards and regeneration logic. */
public enum ViolationCode {
  /** The body is longer than {@code PlatformRules.maxLength} (weighted the X way where the platform does). */
  BODY_TOO_LONG,
  /** The title is longer than {@code PlatformRules.maxTitleLength}. */
  TITLE_TOO_LONG,
  /** More hashtags than {@code PlatformRules.maxHashtags}. */
  TOO_MANY_HASHTAGS,
  /** More links than {@code PlatformRules.maxLinks}. */
  TOO_MANY_LINKS,
  /** A link on a platform whose {@code maxLinks} is {@code 0}. */
  LINKS_NOT_ALLOWED,
  /** An affiliate or tracking link without a disclosure such as {@code #ad}, where the platform requires one. */
  MISSING_AFFILIATE_DISCLOSURE,
  /** A term from {@code PlatformRules.blockedTerms}. */
  BLOCKED_TERM
}
