package ai.clouvel.sdk.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.providers.internal.SampleTrendSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleTrendSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private final SampleTrendSource source = new SampleTrendSource(Clock.fixed(NOW, ZoneOffset.UTC));

  private static TrendQuery query(int limit, Duration window, boolean nsfw, String... communities) {
    return new TrendQuery(List.of(communities), limit, window, nsfw);
  }

  @Test
  void bundles_at_least_six_communities_of_eight_to_twelve_trends() {
    assertThat(source.communities()).hasSizeGreaterThanOrEqualTo(6)
        .contains("java", "programming", "aww", "gardening", "cats", "fitness");
    List<Trend> all = source.fetch(query(100, Duration.ofDays(30), true, source.communities().toArray(String[]::new)));
    Map<String, Long> perCommunity = all.stream().collect(Collectors.groupingBy(Trend::community, Collectors.counting()));
    assertThat(perCommunity.values()).allSatisfy(n -> assertThat(n).isBetween(8L, 12L));
    assertThat(all).extracting(Trend::key).doesNotHaveDuplicates();
    assertThat(all).filteredOn(Trend::nsfw).isNotEmpty();
    assertThat(all).allSatisfy(t -> {
      assertThat(t.source()).isEqualTo("sample");
      assertThat(t.attributes()).containsKey("author");
    });
  }

  @Test
  void trends_are_fresh_relative_to_the_clock() {
    Instant later = NOW.plus(Duration.ofDays(400));
    SampleTrendSource future = new SampleTrendSource(Clock.fixed(later, ZoneOffset.UTC));
    List<Trend> trends = future.fetch(TrendQuery.of("java"));
    assertThat(trends).isNotEmpty().allSatisfy(t ->
        assertThat(t.createdAt()).isBefore(later).isAfter(later.minus(Duration.ofDays(1))));
  }

  @Test
  void returns_best_first_per_community_in_the_requested_order_up_to_the_limit() {
    List<Trend> trends = source.fetch(query(3, Duration.ofDays(7), false, "cats", "java"));
    assertThat(trends).hasSize(6);
    assertThat(trends.subList(0, 3)).extracting(Trend::community).containsOnly("cats");
    assertThat(trends.subList(3, 6)).extracting(Trend::community).containsOnly("java");
    assertThat(trends.subList(0, 3)).isSortedAccordingTo(Comparator.comparingLong(Trend::score).reversed());
    List<Trend> allCats = source.fetch(query(100, Duration.ofDays(7), false, "cats"));
    assertThat(trends.get(0).score()).isEqualTo(allCats.stream().mapToLong(Trend::score).max().orElseThrow());
  }

  @Test
  void honours_the_window() {
    List<Trend> lastHour = source.fetch(query(100, Duration.ofHours(1), true, "aww"));
    List<Trend> lastDay = source.fetch(query(100, Duration.ofDays(1), true, "aww"));
    assertThat(lastHour).isNotEmpty().allSatisfy(t -> assertThat(t.createdAt()).isAfterOrEqualTo(NOW.minusSeconds(3600)));
    assertThat(lastDay.size()).isGreaterThan(lastHour.size());
    List<Trend> all = source.fetch(query(100, Duration.ofDays(30), true, "aww"));
    assertThat(all.size()).isGreaterThan(lastDay.size());
  }

  @Test
  void leaves_out_nsfw_trends_unless_asked() {
    List<Trend> safe = source.fetch(query(100, Duration.ofDays(30), false, "programming", "fitness", "cats"));
    List<Trend> all = source.fetch(query(100, Duration.ofDays(30), true, "programming", "fitness", "cats"));
    assertThat(safe).noneMatch(Trend::nsfw);
    assertThat(all).filteredOn(Trend::nsfw).hasSize(all.size() - safe.size()).isNotEmpty();
  }

  @Test
  void matches_communities_ignoring_case_and_an_r_prefix() {
    assertThat(source.fetch(TrendQuery.of("r/Java"))).isNotEmpty().extracting(Trend::community).containsOnly("java");
  }

  @Test
  void an_unknown_community_names_it_and_lists_the_known_ones() {
    assertThatThrownBy(() -> source.fetch(TrendQuery.of("cats", "knitting")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'knitting'")
        .hasMessageContaining("java, programming, aww, gardening, cats, fitness");
  }
}
