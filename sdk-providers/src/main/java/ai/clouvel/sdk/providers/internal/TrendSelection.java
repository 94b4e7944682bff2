package ai.clouvel.sdk.providers.internal;

import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Applies a {@link TrendQuery}'s window, NSFW switch and limit to trends grouped by community. */
final class TrendSelection {
  private TrendSelection() {}

  /** Picks, per requested community in the query's order, the best {@code limit} trends. */
  static List<Trend> select(Map<String, List<Trend>> byCommunity, List<String> canonicalCommunities, TrendQuery query,
      Instant now) {
    Instant oldest = now.minus(query.window());
    List<Trend> result = new ArrayList<>();
    for (String community : canonicalCommunities) {
      byCommunity.getOrDefault(community, List.of()).stream()
          .filter(t -> query.includeNsfw() || !t.nsfw())
          .filter(t -> !t.createdAt().isBefore(oldest) && !t.createdAt().isAfter(now))
          .sorted(Comparator.comparingLong(Trend::score).reversed().thenComparing(Trend::id))
          .limit(query.limit())
          .forEach(result::add);
    }
    return result;
  }
}
