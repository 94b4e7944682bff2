package ai.clouvel.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.spi.TestProviders;
import ai.clouvel.sdk.spi.TrendSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClouvelTest {

  @Test
  void builds_configured_providers_from_their_ids() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of(
        Clouvel.TREND_SOURCES, "echo, quiet",
        "clouvel.echo.token", "secret-token"));

    try (Clouvel clouvel = Clouvel.builder().config(config).build()) {
      assertThat(clouvel.trendSources()).containsOnlyKeys("echo", "quiet");
      List<Trend> trends = clouvel.trendSources().get("echo").fetch(TrendQuery.of("java"));
      assertThat(trends).extracting(Trend::community).containsExactly("java");
      assertThat(clouvel.contentGenerator()).isEmpty();
    }
  }

  @Test
  void an_instance_set_on_the_builder_wins_over_configuration() {
    TrendSource mine = new TrendSource() {
      @Override
      public String id() {
        return "echo";
      }

      @Override
      public List<Trend> fetch(TrendQuery query) {
        return List.of();
      }
    };
    // The configured "echo" would need a token; the explicit instance means it is never built.
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of(Clouvel.TREND_SOURCES, "echo"));

    try (Clouvel clouvel = Clouvel.builder().config(config).trendSource(mine).build()) {
      assertThat(clouvel.trendSources().get("echo")).isSameAs(mine);
    }
  }

  @Test
  void unknown_ids_fail_at_build_time_listing_installed_ones() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of(Clouvel.TREND_SOURCES, "tiktokk"));

    assertThatThrownBy(() -> Clouvel.builder().config(config).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'tiktokk'")
        .hasMessageContaining("echo, quiet");
  }

  @Test
  void closes_what_it_created_and_also_when_a_later_provider_fails() {
    ClouvelConfig ok = ClouvelConfig.fromMap(Map.of(Clouvel.TREND_SOURCES, "quiet"));
    TestProviders.EchoTrendSource created;
    try (Clouvel clouvel = Clouvel.builder().config(ok).build()) {
      created = (TestProviders.EchoTrendSource) clouvel.trendSources().get("quiet");
      assertThat(isClosed(created)).isFalse();
    }
    assertThat(isClosed(created)).isTrue();

    ClouvelConfig failing = ClouvelConfig.fromMap(Map.of(Clouvel.TREND_SOURCES, "quiet, echo"));
    assertThatThrownBy(() -> Clouvel.builder().config(failing).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("CLOUVEL_ECHO_TOKEN");
    assertThat(TestProviders.LAST_QUIET.get()).isNotSameAs(created);
    assertThat(isClosed(TestProviders.LAST_QUIET.get())).isTrue();
  }

  @Test
  void never_closes_a_provider_handed_to_it() {
    TestProviders.EchoTrendSource mine =
        (TestProviders.EchoTrendSource) new TestProviders.QuietFactory().create(ClouvelConfig.empty().forProvider("quiet"));

    Clouvel.builder().trendSource(mine).build().close();

    assertThat(isClosed(mine)).isFalse();
  }

  @Test
  void builder_rejects_null_naming_the_option() {
    assertThatThrownBy(() -> Clouvel.builder().publisher(null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("publisher");
  }

  private static boolean isClosed(TestProviders.EchoTrendSource source) {
    return source.isClosed();
  }
}
