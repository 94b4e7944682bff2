package ai.clouvel.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClouvelConfigTest {
  enum Mode { FAST, SLOW_AND_STEADY }

  @Test
  void maps_keys_to_environment_variable_names() {
    assertThat(ClouvelConfig.environmentName("clouvel.reddit.client-id")).isEqualTo("CLOUVEL_REDDIT_CLIENT_ID");
    assertThat(ClouvelConfig.environmentName("clouvel.tiktok-shop.access-token"))
        .isEqualTo("CLOUVEL_TIKTOK_SHOP_ACCESS_TOKEN");
  }

  @Test
  void reads_the_environment_and_explicit_entries_win() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of("clouvel.reddit.user-agent", "explicit"))
        .withEnvironment(Map.of(
            "CLOUVEL_REDDIT_CLIENT_ID", "from-env",
            "CLOUVEL_REDDIT_USER_AGENT", "env-loses",
            "PATH", "/usr/bin"));

    assertThat(config.string("clouvel.reddit.client-id")).isEqualTo("from-env");
    assertThat(config.string("clouvel.reddit.user-agent")).isEqualTo("explicit");
    assertThat(config.toString()).doesNotContain("PATH").doesNotContain("from-env");
  }

  @Test
  void reads_properties() {
    Properties p = new Properties();
    p.setProperty("clouvel.http.read-timeout", "15s");

    assertThat(ClouvelConfig.fromProperties(p).duration("clouvel.http.read-timeout")).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void missing_key_names_itself_and_its_environment_variable() {
    assertThatThrownBy(() -> ClouvelConfig.empty().string("clouvel.reddit.client-secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Missing configuration key 'clouvel.reddit.client-secret' (or environment variable "
            + "CLOUVEL_REDDIT_CLIENT_SECRET)");
  }

  @Test
  void blank_values_count_as_missing() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of("clouvel.x.key", "  "));

    assertThat(config.has("clouvel.x.key")).isFalse();
    assertThat(config.string("clouvel.x.key", "fallback")).isEqualTo("fallback");
  }

  @Test
  void parses_typed_values() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of(
        "a.duration", "250ms", "b.duration", "PT2M", "c.duration", "1d",
        "a.int", "42", "a.bool", "TRUE", "a.enum", "slow-and-steady",
        "a.uri", "https://api.example.com/v1", "a.list", "java, ,aww,"));

    assertThat(config.duration("a.duration")).isEqualTo(Duration.ofMillis(250));
    assertThat(config.duration("b.duration")).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.duration("c.duration")).isEqualTo(Duration.ofDays(1));
    assertThat(config.integer("a.int")).isEqualTo(42);
    assertThat(config.bool("a.bool", false)).isTrue();
    assertThat(config.enumValue("a.enum", Mode.class)).isEqualTo(Mode.SLOW_AND_STEADY);
    assertThat(config.uri("a.uri")).isEqualTo(URI.create("https://api.example.com/v1"));
    assertThat(config.list("a.list")).containsExactly("java", "aww");
    assertThat(config.integer("absent", 7)).isEqualTo(7);
    assertThat(config.duration("absent", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void malformed_values_name_the_key_and_the_expected_form_without_echoing_the_value() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of(
        "clouvel.x.timeout", "sk-live-abcdef", "clouvel.x.count", "sk-live-abcdef",
        "clouvel.x.url", "not a uri", "clouvel.x.flag", "sk-live-abcdef", "clouvel.x.mode", "medium"));

    assertThatThrownBy(() -> config.duration("clouvel.x.timeout"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clouvel.x.timeout").hasMessageContaining("CLOUVEL_X_TIMEOUT")
        .hasMessageContaining("a duration").hasMessageNotContaining("sk-live");
    assertThatThrownBy(() -> config.integer("clouvel.x.count"))
        .hasMessageContaining("an integer").hasMessageNotContaining("sk-live");
    assertThatThrownBy(() -> config.bool("clouvel.x.flag", false))
        .hasMessageContaining("true or false").hasMessageNotContaining("sk-live");
    assertThatThrownBy(() -> config.uri("clouvel.x.url")).hasMessageContaining("an absolute URI");
    assertThatThrownBy(() -> config.enumValue("clouvel.x.mode", Mode.class))
        .hasMessageContaining("fast, slow-and-steady");
  }

  @Test
  void provider_view_prefixes_keys() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of("clouvel.reddit.client-id", "abc"));
    ProviderConfig reddit = config.forProvider("reddit");

    assertThat(reddit.string("client-id")).isEqualTo("abc");
    assertThat(reddit.key("client-id")).isEqualTo("clouvel.reddit.client-id");
    assertThatThrownBy(() -> reddit.secret("client-secret"))
        .hasMessageContaining("clouvel.reddit.client-secret")
        .hasMessageContaining("CLOUVEL_REDDIT_CLIENT_SECRET");
  }

  @Test
  void with_overrides_entries_and_keeps_the_environment() {
    ClouvelConfig base = ClouvelConfig.fromMap(Map.of("a", "1")).withEnvironment(Map.of("CLOUVEL_B", "2"));

    ClouvelConfig changed = base.with(Map.of("a", "3"));

    assertThat(changed.string("a")).isEqualTo("3");
    assertThat(changed.string("clouvel.b")).isEqualTo("2");
    assertThat(base.string("a")).isEqualTo("1");
  }

  @Test
  void config_key_rejects_malformed_names() {
    assertThatThrownBy(() -> ConfigKey.required("Client_ID", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Client_ID");
  }
}
