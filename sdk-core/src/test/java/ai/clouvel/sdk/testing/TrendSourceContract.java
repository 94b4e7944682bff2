package ai.clouvel.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.spi.TrendSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TrendSource} must do; extend it once per implementation.
 */
public abstract class TrendSourceContract {
  /** The source under test; called once per test. */
  protected abstract TrendSource source();

  /** Two or more communities the source has trends in, with more than two trends in the first. */
  protected abstract List<String> knownCommunities();

  /** A community the source does not have. */
  protected abstract String unknownCommunity();

  /** The source's clock's time, to check the window against. */
  protected abstract Instant now();

  @Test
  void has_a_lowercase_dashed_id() {
    assertThat(source().id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
  }

  @Test
  void returns_only_the_requested_communities_stamped_with_its_id() {
    List<String> communities = knownCommunities();
    List<Trend> trends = source().fetch(new TrendQuery(communities, 100, Duration.ofDays(3650), true));
    assertThat(trends).isNotEmpty();
    assertThat(trends).allSatisfy(t -> {
      assertThat(communities).anyMatch(c -> c.equalsIgnoreCase(t.community()));
      assertThat(t.source()).isEqualTo(source().id());
    });
    assertThat(trends).extracting(Trend::key).doesNotHaveDuplicates();
  }

  @Test
  void returns_at_most_the_limit_per_community_best_first() {
    String community = knownCommunities().get(0);
    List<Trend> two = source().fetch(new TrendQuery(List.of(community), 2, Duration.ofDays(3650), true));
    assertThat(two).hasSize(2);
    assertThat(two).isSortedAccordingTo(Comparator.comparingLong(Trend::score).reversed());
  }

  @Test
  void leaves_out_nsfw_trends_unless_asked_and_old_trends_outside_the_window() {
    Duration window = Duration.ofDays(1);
    List<Trend> trends = source().fetch(new TrendQuery(knownCommunities(), 100, window, false));
    assertThat(trends).noneMatch(Trend::nsfw);
    assertThat(trends).allSatisfy(t -> assertThat(t.createdAt()).isAfterOrEqualTo(now().minus(window)));
  }

  @Test
  void an_unknown_community_fails_naming_it() {
    assertThatThrownBy(() -> source().fetch(TrendQuery.of(unknownCommunity())))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(unknownCommunity());
  }
}
