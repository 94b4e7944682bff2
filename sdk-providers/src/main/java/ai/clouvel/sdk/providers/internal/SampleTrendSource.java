package ai.clouvel.sdk.providers.internal;

import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.spi.TrendSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Realistic trends bundled with the SDK, for trying Clouvel offline. Each trend's age is fixed
 * relative to the clock, so trends are always fresh. Communities match ignoring case and an
 * {@code r/} prefix.
 */
public final class SampleTrendSource implements TrendSource {
  /** The provider id. */
  public static final String ID = "sample";
  static final String RESOURCE = "sample-trends.json";

  private record Entry(String id, String community, String title, URI url, long score, long comments,
      Duration age, boolean nsfw, Map<String, String> attributes) {}

  private final Clock clock;
  private final Map<String, List<Entry>> byCommunity;

  /** Loads the bundled trends; times are computed from {@code clock} at every fetch. */
  public SampleTrendSource(Clock clock) {
    this.clock = clock;
    this.byCommunity = load();
  }

  @Override
  public String id() {
    return ID;
  }

  /** The bundled communities, in the order they are listed. */
  public Set<String> communities() {
    return byCommunity.keySet();
  }

  @Override
  public List<Trend> fetch(TrendQuery query) {
    List<String> canonical = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String requested : query.communities()) {
      String name = canonical(requested);
      if (byCommunity.containsKey(name)) {
        if (!canonical.contains(name)) {
          canonical.add(name);
        }
      } else {
        unknown.add(requested);
      }
    }
    if (!unknown.isEmpty()) {
      throw ValidationException.of("TrendQuery", "communities", "the sample trend source has no community "
          + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList()) + "; known communities: "
          + String.join(", ", byCommunity.keySet()));
    }
    Instant now = clock.instant();
    Map<String, List<Trend>> trends = new LinkedHashMap<>();
    for (String community : canonical) {
      List<Trend> list = new ArrayList<>();
      for (Entry e : byCommunity.get(community)) {
        list.add(new Trend(e.id, ID, e.community, e.title, e.url, e.score, e.comments, now.minus(e.age), e.nsfw,
            e.attributes));
      }
      trends.put(community, list);
    }
    return TrendSelection.select(trends, canonical, query, now);
  }

  static String canonical(String community) {
    String c = community.strip();
    if (c.regionMatches(true, 0, "r/", 0, 2)) {
      c = c.substring(2);
    } else if (c.regionMatches(true, 0, "/r/", 0, 3)) {
      c = c.substring(3);
    }
    return c.toLowerCase(Locale.ROOT);
  }

  private static Map<String, List<Entry>> load() {
    try (InputStream in = SampleTrendSource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new ProviderException(ID, "the bundled resource " + RESOURCE + " is missing from the jar", false, null);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, List<Entry>> map = new LinkedHashMap<>();
      Set<String> ids = new LinkedHashSet<>();
      for (JsonNode n : root) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("author", n.path("author").asText());
        if (n.hasNonNull("flair")) {
          attributes.put("flair", n.get("flair").asText());
        }
        String id = n.get("id").asText();
        if (!ids.add(id)) {
          throw new ProviderException(ID, "the bundled resource repeats the id " + id, false, null);
        }
        String community = n.get("community").asText();
        Entry e = new Entry(id, community, n.get("title").asText(),
            n.hasNonNull("url") ? URI.create(n.get("url").asText()) : null,
            n.get("score").asLong(), n.get("comments").asLong(), Duration.ofMinutes(n.get("ageMinutes").asLong()),
            n.path("nsfw").asBoolean(false), Map.copyOf(attributes));
        map.computeIfAbsent(community, c -> new ArrayList<>()).add(e);
      }
      map.replaceAll((k, v) -> List.copyOf(v));
      return java.util.Collections.unmodifiableMap(map);
    } catch (IOException e) {
      throw new ProviderException(ID, "cannot read the bundled resource " + RESOURCE + ": " + e.getMessage(), false, e);
    }
  }

  @Override
  public String toString() {
    return "SampleTrendSource" + byCommunity.keySet();
  }
}
