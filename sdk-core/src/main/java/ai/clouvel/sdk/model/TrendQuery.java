package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * What to ask a {@code TrendSource} for. Sources fetch many communities in one call where the
 * platform allows it.
 *
 * @param communities the communities to look in; at least one
 * @param limit the most trends to return per community, 1 to 100
 * @param window only trends younger than this
 * @param includeNsfw whether trends marked not safe for work may be returned
 */
public record TrendQuery(List<String> communities, int limit, Duration window, boolean includeNsfw) {

  /** Validates every field and copies the list. */
  public TrendQuery {
    Checks.of("TrendQuery")
        .noNulls(communities, "communities")
        .check(communities == null || !communities.isEmpty(), "communities", "must name at least one community")
        .check(communities == null || communities.stream().allMatch(c -> c == null || !c.isBlank()),
            "communities", "must not contain a blank name")
        .check(limit >= 1 && limit <= 100, "limit", "must be between 1 and 100, was " + limit)
        .check(window != null && !window.isNegative() && !window.isZero(), "window", "must be positive")
        .validate();
    communities = List.copyOf(communities);
  }

  /** The top 25 safe-for-work trends of the last day in the given communities. */
  public static TrendQuery of(String... communities) {
    return new TrendQuery(List.of(communities), 25, Duration.ofDays(1), false);
  }
}
