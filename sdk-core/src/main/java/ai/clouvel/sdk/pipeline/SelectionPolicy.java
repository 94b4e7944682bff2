package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import ai.clouvel.sdk.model.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the discover stage picks a trend. Each candidate scores
 * {@code scoreWeight * log10(1 + score) + commentsWeight * log10(1 + comments)
 * + freshnessWeight * 0.5^(age / freshnessHalfLife)}; the best unused candidate wins. Trends marked
 * NSFW are skipped unless {@code allowNsfw}; communities outside a non-empty allow-list are refused.
 *
 * @param scoreWeight the weight of the source's popularity score; not negative
 * @param commentsWeight the weight of the number of comments; not negative
 * @param freshnessWeight the weight of freshness; not negative
 * @param freshnessHalfLife the age at which freshness counts half; positive
 * @param allowNsfw whether trends marked not safe for work may be picked
 * @param allowedCommunities the communities tasks may name, compared ignoring case; empty allows any; copied
 * @param candidatesPerCommunity how many trends to fetch per community, 1 to 100
 * @param window only trends younger than this; positive
 */
public record SelectionPolicy(
    double scoreWeight,
    double commentsWeight,
    double freshnessWeight,
    Duration freshnessHalfLife,
    boolean allowNsfw,
    Set<String> allowedCommunities,
    int candidatesPerCommunity,
    Duration window) {

  /** Score 1, comments 0.5, freshness 2 with a 6-hour half-life; no NSFW; any community; 25 per community over a day. */
  public static final SelectionPolicy DEFAULT =
      new SelectionPolicy(1.0, 0.5, 2.0, Duration.ofHours(6), false, Set.of(), 25, Duration.ofDays(1));

  /** Validates every field and copies the set, lowercased. */
  public SelectionPolicy {
    Checks.of("SelectionPolicy")
        .check(scoreWeight >= 0 && Double.isFinite(scoreWeight), "scoreWeight", "must be a finite number >= 0")
        .check(commentsWeight >= 0 && Double.isFinite(commentsWeight), "commentsWeight", "must be a finite number >= 0")
        .check(freshnessWeight >= 0 && Double.isFinite(freshnessWeight), "freshnessWeight",
            "must be a finite number >= 0")
        .check(freshnessHalfLife != null && !freshnessHalfLife.isNegative() && !freshnessHalfLife.isZero(),
            "freshnessHalfLife", "must be positive")
        .noNulls(allowedCommunities, "allowedCommunities")
        .check(candidatesPerCommunity >= 1 && candidatesPerCommunity <= 100, "candidatesPerCommunity",
            "must be between 1 and 100, was " + candidatesPerCommunity)
        .check(window != null && !window.isNegative() && !window.isZero(), "window", "must be positive")
        .validate();
    allowedCommunities = allowedCommunities.stream().map(c -> c.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** A copy with other weights. */
  public SelectionPolicy withWeights(double score, double comments, double freshness) {
    return new SelectionPolicy(score, comments, freshness, freshnessHalfLife, allowNsfw, allowedCommunities,
        candidatesPerCommunity, window);
  }

  /** A copy that allows (or refuses) NSFW trends. */
  public SelectionPolicy withNsfw(boolean allow) {
    return new SelectionPolicy(scoreWeight, commentsWeight, freshnessWeight, freshnessHalfLife, allow,
        allowedCommunities, candidatesPerCommunity, window);
  }

  /** A copy that only allows these communities (none: any). */
  public SelectionPolicy withAllowedCommunities(Set<String> communities) {
    return new SelectionPolicy(scoreWeight, commentsWeight, freshnessWeight, freshnessHalfLife, allowNsfw,
        communities, candidatesPerCommunity, window);
  }

  /** Whether tasks may name {@code community}. */
  public boolean allows(String community) {
    return allowedCommunities.isEmpty() || allowedCommunities.contains(community.toLowerCase(Locale.ROOT));
  }

  /** The candidate's score at {@code now}; higher is better. */
  public double score(Trend trend, Instant now) {
    double ageHours = Math.max(0, Duration.between(trend.createdAt(), now).toMillis()) / 3_600_000.0;
    double halfLifeHours = freshnessHalfLife.toMillis() / 3_600_000.0;
    return scoreWeight * Math.log10(1 + trend.score())
        + commentsWeight * Math.log10(1 + trend.comments())
        + freshnessWeight * Math.pow(0.5, ageHours / halfLifeHours);
  }
}
