package ai.clouvel.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.config.ClouvelConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EnvironmentConfigReaderTest {

  @Test
  void normalises_relaxed_names_to_the_dotted_kebab_form() {
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.reddit.client-id")).isEqualTo("clouvel.reddit.client-id");
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.reddit.clientId")).isEqualTo("clouvel.reddit.client-id");
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.reddit.client_id")).isEqualTo("clouvel.reddit.client-id");
    assertThat(EnvironmentConfigReader.canonicalName("Clouvel.TikTokShop.APIKey")).isEqualTo("clouvel.tik-tok-shop.apikey");
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.x.api2Key")).isEqualTo("clouvel.x.api2-key");
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.trend-sources[3]")).isEqualTo("clouvel.trend-sources[3]");
  }

  @Test
  void ignores_names_outside_clouvel_and_shapes_flat_keys_cannot_hold() {
    assertThat(EnvironmentConfigReader.canonicalName("spring.application.name")).isNull();
    assertThat(EnvironmentConfigReader.canonicalName("clouvelx.reddit.client-id")).isNull();
    assertThat(EnvironmentConfigReader.canonicalName("clouvel")).isNull();
    assertThat(EnvironmentConfigReader.canonicalName("clouvel..x")).isNull();
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.items[0].name")).isNull();
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.labels[en]")).isNull();
    assertThat(EnvironmentConfigReader.canonicalName("clouvel.a b")).isNull();
  }

  @Test
  void reads_every_clouvel_property_and_nothing_else() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment(
        map("application", "clouvel.reddit.client-id", "abc", "clouvel.http.read-timeout", "5s",
            "spring.application.name", "shop")));

    assertThat(config.keys("")).containsExactlyInAnyOrder("clouvel.http.read-timeout", "clouvel.reddit.client-id");
    assertThat(config.string("clouvel.reddit.client-id")).isEqualTo("abc");
    assertThat(config.duration("clouvel.http.read-timeout")).hasSeconds(5);
  }

  @Test
  void joins_indexed_elements_in_index_order() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment(
        map("application", "clouvel.reddit.subreddits[1]", "art", "clouvel.reddit.subreddits[0]", "memes",
            "clouvel.reddit.subreddits[10]", "news")));

    assertThat(config.list("clouvel.reddit.subreddits")).containsExactly("memes", "art", "news");
  }

  @Test
  void the_first_source_wins_whatever_the_spelling() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment(
        map("command-line", "clouvel.reddit.clientId", "from-command-line"),
        map("application", "clouvel.reddit.client-id", "from-file", "clouvel.reddit.user-agent", "agent")));

    assertThat(config.string("clouvel.reddit.client-id")).isEqualTo("from-command-line");
    assertThat(config.string("clouvel.reddit.user-agent")).isEqualTo("agent");
  }

  @Test
  void a_higher_source_list_replaces_a_lower_one_instead_of_merging() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment(
        map("profile", "clouvel.trend-sources[0]", "sample"),
        map("application", "clouvel.trend-sources[0]", "reddit", "clouvel.trend-sources[1]", "x")));

    assertThat(config.list("clouvel.trend-sources")).containsExactly("sample");
  }

  @Test
  void environment_variables_beat_the_sources_after_them() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment(
        variables("CLOUVEL_REDDIT_CLIENT_ID", "from-env", "CLOUVEL_REDDIT_CLIENT_SECRET", "s3cret", "PATH", "/bin"),
        map("application", "clouvel.reddit.client-id", "from-file")));

    assertThat(config.string("clouvel.reddit.client-id")).isEqualTo("from-env");
    assertThat(config.secret("clouvel.reddit.client-secret").reveal()).isEqualTo("s3cret");
    assertThat(config.toString()).doesNotContain("PATH").doesNotContain("s3cret");
  }

  @Test
  void sources_before_the_environment_variables_beat_them() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment(
        map("command-line", "clouvel.reddit.client-id", "from-command-line"),
        variables("CLOUVEL_REDDIT_CLIENT_ID", "from-env")));

    assertThat(config.string("clouvel.reddit.client-id")).isEqualTo("from-command-line");
  }

  @Test
  void resolves_placeholders_in_values() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment(
        map("application", "clouvel.reddit.user-agent", "${app.name}/1.0", "app.name", "shop")));

    assertThat(config.string("clouvel.reddit.user-agent")).isEqualTo("shop/1.0");
  }

  @Test
  void an_empty_environment_gives_an_empty_configuration() {
    ClouvelConfig config = EnvironmentConfigReader.read(environment());

    assertThat(config.keys("")).isEmpty();
    assertThat(config.has("clouvel.reddit.client-id")).isFalse();
  }

  /** An environment holding exactly {@code sources}, first one first. */
  private static ConfigurableEnvironment environment(PropertySource<?>... sources) {
    ConfigurableEnvironment environment = new AbstractEnvironment() {};
    for (PropertySource<?> source : sources) {
      environment.getPropertySources().addLast(source);
    }
    return environment;
  }

  private static MapPropertySource map(String name, String... keysAndValues) {
    return new MapPropertySource(name, pairs(keysAndValues));
  }

  private static SystemEnvironmentPropertySource variables(String... keysAndValues) {
    return new SystemEnvironmentPropertySource("systemEnvironment", pairs(keysAndValues));
  }

  private static Map<String, Object> pairs(String... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
