package ai.clouvel.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.ContentRequest;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.spi.TrendSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ClouvelAutoConfigurationTest {
  private static final String TOKEN_KEY = "clouvel.fake-trends.token";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ClouvelAutoConfiguration.class));

  @Test
  void builds_clouvel_from_properties_naming_provider_ids() {
    runner.withPropertyValues("clouvel.trend-sources=fake-trends", TOKEN_KEY + "=t0k3n").run(context -> {
      assertThat(context).hasSingleBean(Clouvel.class).hasSingleBean(ClouvelConfig.class);
      Clouvel clouvel = context.getBean(Clouvel.class);
      assertThat(clouvel.trendSources()).containsOnlyKeys("fake-trends");
      assertThat(fakeSource(clouvel).token().reveal()).isEqualTo("t0k3n");
      assertThat(clouvel.config()).isSameAs(context.getBean(ClouvelConfig.class));
      assertThat(clouvel.contentGenerator()).isEmpty();
      assertThat(clouvel.publishers()).isEmpty();
    });
  }

  @Test
  void binds_role_properties_from_comma_separated_values_and_lists() {
    runner.withPropertyValues(
            "clouvel.trend-sources=fake-trends, other",
            "clouvel.publishers[0]=outbox",
            "clouvel.publishers[1]=x",
            "clouvel.content-generator=template",
            "clouvel.enabled=true")
        // None of these providers is installed: a Clouvel of the application's keeps the context up.
        .withBean(Clouvel.class, () -> Clouvel.builder().build())
        .run(context -> {
          ClouvelProperties properties = context.getBean(ClouvelProperties.class);
          assertThat(properties.enabled()).isTrue();
          assertThat(properties.trendSources()).containsExactly("fake-trends", "other");
          assertThat(properties.publishers()).containsExactly("outbox", "x");
          assertThat(properties.contentGenerator()).isEqualTo("template");
          assertThat(properties.commerce()).isEmpty();
          assertThat(properties.payments()).isNull();
          ClouvelConfig config = context.getBean(ClouvelConfig.class);
          assertThat(config.list(Clouvel.TREND_SOURCES)).containsExactly("fake-trends", "other");
          assertThat(config.list(Clouvel.PUBLISHERS)).containsExactly("outbox", "x");
        });
  }

  @Test
  void yaml_style_list_of_ids_builds_each_provider() {
    runner.withPropertyValues("clouvel.trend-sources[0]=fake-trends", TOKEN_KEY + "=t0k3n")
        .withBean(TrendSource.class, () -> new StubTrendSource("mine"))
        .run(context -> assertThat(context.getBean(Clouvel.class).trendSources())
            .containsOnlyKeys("mine", "fake-trends"));
  }

  @Test
  void reads_provider_keys_from_environment_variables() {
    runner.withPropertyValues("clouvel.trend-sources=fake-trends")
        .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new SystemEnvironmentPropertySource("test-env", Map.of("CLOUVEL_FAKE_TRENDS_TOKEN", "from-env"))))
        .run(context -> assertThat(fakeSource(context.getBean(Clouvel.class)).token().reveal())
            .isEqualTo("from-env"));
  }

  @Test
  void reads_relaxed_spellings_of_provider_keys() {
    runner.withPropertyValues("clouvel.trendSources=fake-trends", "clouvel.fakeTrends.token=camel")
        .run(context -> assertThat(fakeSource(context.getBean(Clouvel.class)).token().reveal())
            .isEqualTo("camel"));
  }

  @Test
  void user_defined_clouvel_bean_wins() {
    Clouvel mine = Clouvel.builder().build();
    // The configured id is unknown: building the auto-configured instance would fail the context.
    runner.withPropertyValues("clouvel.trend-sources=unknown")
        .withBean(Clouvel.class, () -> mine)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(Clouvel.class);
          assertThat(context.getBean(Clouvel.class)).isSameAs(mine);
        });
  }

  @Test
  void user_defined_config_bean_wins() {
    ClouvelConfig mine = ClouvelConfig.fromMap(Map.of(Clouvel.TREND_SOURCES, "fake-trends", TOKEN_KEY, "from-bean"));
    runner.withPropertyValues(TOKEN_KEY + "=from-properties")
        .withBean(ClouvelConfig.class, () -> mine)
        .run(context -> {
          assertThat(context).hasSingleBean(ClouvelConfig.class);
          Clouvel clouvel = context.getBean(Clouvel.class);
          assertThat(clouvel.config()).isSameAs(mine);
          assertThat(fakeSource(clouvel).token().reveal()).isEqualTo("from-bean");
        });
  }

  @Test
  void user_defined_provider_bean_wins_over_the_configured_id() {
    StubTrendSource mine = new StubTrendSource("fake-trends");
    // No token is configured: had the factory been asked, the context would fail.
    runner.withPropertyValues("clouvel.trend-sources=fake-trends")
        .withBean(TrendSource.class, () -> mine)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Clouvel.class).trendSources()).containsExactly(Map.entry("fake-trends", mine));
        });
  }

  @Test
  void user_defined_content_generator_bean_is_used() {
    StubContentGenerator mine = new StubContentGenerator();
    runner.withPropertyValues("clouvel.content-generator=unknown")
        .withBean(ContentGenerator.class, () -> mine)
        .run(context -> assertThat(context.getBean(Clouvel.class).contentGenerator()).containsSame(mine));
  }

  @Test
  void two_content_generator_beans_fail_rather_than_one_being_picked() {
    runner.withBean("first", ContentGenerator.class, StubContentGenerator::new)
        .withBean("second", ContentGenerator.class, StubContentGenerator::new)
        .run(context -> assertThat(context).getFailure()
            .rootCause().isInstanceOf(NoUniqueBeanDefinitionException.class));
  }

  @Test
  void uses_the_clock_bean() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    runner.withPropertyValues("clouvel.trend-sources=fake-trends", TOKEN_KEY + "=t")
        .withBean(Clock.class, () -> fixed)
        .run(context -> {
          Clouvel clouvel = context.getBean(Clouvel.class);
          assertThat(clouvel.clock()).isSameAs(fixed);
          assertThat(fakeSource(clouvel).clock()).isSameAs(fixed);
        });
  }

  @Test
  void clouvel_enabled_false_turns_it_off() {
    runner.withPropertyValues("clouvel.enabled=false", "clouvel.trend-sources=unknown")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(Clouvel.class)
            .doesNotHaveBean(ClouvelConfig.class)
            .doesNotHaveBean(ClouvelProperties.class));
  }

  @Test
  void backs_off_when_the_sdk_is_not_on_the_class_path() {
    runner.withClassLoader(new FilteredClassLoader(Clouvel.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(Clouvel.class)
            .doesNotHaveBean(ClouvelConfig.class));
  }

  @Test
  void unknown_provider_id_fails_listing_the_installed_ids() {
    runner.withPropertyValues("clouvel.trend-sources=fake-trend")
        .run(context -> assertThat(context).getFailure()
            .rootCause().isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("No TrendSource with id 'fake-trend' is installed.")
            .hasMessageContaining("Installed: fake-trends."));
  }

  @Test
  void missing_provider_key_fails_naming_the_key_and_its_environment_variable() {
    runner.withPropertyValues("clouvel.trend-sources=fake-trends")
        .run(context -> assertThat(context).getFailure()
            .rootCause().isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("'clouvel.fake-trends.token'")
            .hasMessageContaining("CLOUVEL_FAKE_TRENDS_TOKEN"));
  }

  @Test
  void closing_the_context_closes_clouvel_and_what_it_created() {
    AtomicReference<FakeTrendSource> created = new AtomicReference<>();
    StubTrendSource handed = new StubTrendSource("mine");
    runner.withPropertyValues("clouvel.trend-sources=fake-trends", TOKEN_KEY + "=t")
        .withBean(TrendSource.class, () -> handed)
        .run(context -> {
          created.set(fakeSource(context.getBean(Clouvel.class)));
          assertThat(created.get().isClosed()).isFalse();
        });
    assertThat(created.get().isClosed()).isTrue();
  }

  @Test
  void never_exposes_a_json_mapper_bean() {
    runner.withPropertyValues("clouvel.trend-sources=fake-trends", TOKEN_KEY + "=t")
        .run(context -> assertThat(context).hasSingleBean(Clouvel.class).doesNotHaveBean(ObjectMapper.class));
  }

  @Test
  void is_listed_as_an_auto_configuration() {
    List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
    assertThat(candidates).contains(ClouvelAutoConfiguration.class.getName());
  }

  @Test
  void configuration_metadata_documents_the_role_properties() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json).contains("\"clouvel.enabled\"", "\"clouvel.trend-sources\"", "\"clouvel.content-generator\"",
          "\"clouvel.commerce\"", "\"clouvel.publishers\"", "\"clouvel.payments\"",
          "Ids of the trend sources to build");
    }
  }

  private static FakeTrendSource fakeSource(Clouvel clouvel) {
    return (FakeTrendSource) clouvel.trendSources().get("fake-trends");
  }

  /** A trend source defined by the application, with the id it is given. */
  private record StubTrendSource(String id) implements TrendSource {
    @Override
    public List<Trend> fetch(TrendQuery query) {
      throw new UnsupportedOperationException("not needed by the starter's tests");
    }
  }

  private static final class StubContentGenerator implements ContentGenerator {
    @Override
    public String id() {
      return "stub";
    }

    @Override
    public Content generate(ContentRequest request) {
      throw new UnsupportedOperationException("not needed by the starter's tests");
    }
  }
}
