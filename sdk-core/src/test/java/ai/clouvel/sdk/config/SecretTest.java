package ai.clouvel.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ai.clouvel.sdk.exception.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretTest {
  private static final String VALUE = "sk_live_51Hx9QzSECRETVALUE";

  @Test
  void to_string_is_redacted() {
    Secret secret = Secret.of(VALUE);

    assertThat(secret.toString()).isEqualTo("Secret[****]");
    assertThat(String.valueOf(secret)).doesNotContain(VALUE);
    assertThat(secret.reveal()).isEqualTo(VALUE);
  }

  @Test
  void never_reaches_a_log_line() {
    Logger logger = (Logger) LoggerFactory.getLogger("ai.clouvel.test.secret");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      ClouvelConfig config = ClouvelConfig.fromMap(Map.of("clouvel.stripe.api-key", VALUE));
      Secret secret = config.forProvider("stripe").secret("api-key");

      logger.warn("calling with {} from {}", secret, config);
      logger.warn("provider config {}", config.forProvider("stripe"));
      logger.warn("record {}", new Holder("stripe", secret));

      assertThat(appender.list).hasSize(3);
      assertThat(appender.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(VALUE));
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void never_reaches_an_exception_message() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of("clouvel.stripe.api-key", VALUE));

    assertThatThrownBy(() -> config.integer("clouvel.stripe.api-key"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining(VALUE);
    assertThatThrownBy(() -> config.duration("clouvel.stripe.api-key"))
        .hasMessageNotContaining(VALUE)
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("SECRETVALUE"));
  }

  @Test
  void rejects_blank_values() {
    assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equal_values_are_equal() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
  }

  private record Holder(String provider, Secret key) {}
}
