package ai.clouvel.sdk.spring;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.spi.CommerceProvider;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.spi.PaymentGateway;
import ai.clouvel.sdk.spi.Publisher;
import ai.clouvel.sdk.spi.TrendSource;
import ai.clouvel.sdk.spring.internal.EnvironmentConfigReader;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the Clouvel SDK's entry point. Active when the SDK is on the class path
 * and {@code clouvel.enabled} is not {@code false}; it defines, unless the application defines its
 * own:
 *
 * <ul>
 *   <li>a {@link ClouvelConfig} holding every {@code clouvel.*} property of the Spring environment
 *       (relaxed spellings normalised to {@code clouvel.<provider-id>.<key>}; {@code CLOUVEL_*}
 *       environment variables included), with the roles of {@link ClouvelProperties};
 *   <li>a {@link Clouvel} built from that configuration, closed when the context closes.
 * </ul>
 *
 * <p>Provider beans of the context ({@link TrendSource}, {@link ContentGenerator},
 * {@link CommerceProvider}, {@link Publisher}, {@link PaymentGateway}) are handed to the builder,
 * so each wins over a configured provider with the same id (or, for the single roles, over the
 * configured one); the context closes them, not {@code Clouvel}. A {@link Clock} bean, if there is
 * exactly one, becomes the SDK's clock. Unknown provider ids and missing provider keys fail the
 * context's start with the SDK's message, which lists the installed ids or names the key and its
 * environment variable.
 */
@AutoConfiguration
@ConditionalOnClass(Clouvel.class)
@ConditionalOnBooleanProperty(name = "clouvel.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClouvelProperties.class)
public final class ClouvelAutoConfiguration {

  /** Created by Spring. */
  public ClouvelAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  ClouvelConfig clouvelConfig(ConfigurableEnvironment environment, ClouvelProperties properties) {
    Map<String, String> roles = new LinkedHashMap<>();
    if (!properties.trendSources().isEmpty()) {
      roles.put(Clouvel.TREND_SOURCES, String.join(",", properties.trendSources()));
    }
    if (properties.contentGenerator() != null) {
      roles.put(Clouvel.CONTENT_GENERATOR, properties.contentGenerator());
    }
    if (!properties.commerce().isEmpty()) {
      roles.put(Clouvel.COMMERCE, String.join(",", properties.commerce()));
    }
    if (!properties.publishers().isEmpty()) {
      roles.put(Clouvel.PUBLISHERS, String.join(",", properties.publishers()));
    }
    if (properties.payments() != null) {
      roles.put(Clouvel.PAYMENTS, properties.payments());
    }
    return EnvironmentConfigReader.read(environment).with(roles);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Clouvel clouvel(
      ClouvelConfig config,
      ObjectProvider<TrendSource> trendSources,
      ObjectProvider<ContentGenerator> contentGenerator,
      ObjectProvider<CommerceProvider> commerceProviders,
      ObjectProvider<Publisher> publishers,
      ObjectProvider<PaymentGateway> paymentGateway,
      ObjectProvider<Clock> clock) {
    Clouvel.Builder builder = Clouvel.builder().config(config);
    clock.ifUnique(builder::clock);
    trendSources.orderedStream().forEach(builder::trendSource);
    // Two candidates without @Primary fail (NoUniqueBeanDefinitionException) rather than one being picked silently.
    contentGenerator.ifAvailable(builder::contentGenerator);
    commerceProviders.orderedStream().forEach(builder::commerceProvider);
    publishers.orderedStream().forEach(builder::publisher);
    paymentGateway.ifAvailable(builder::paymentGateway);
    return builder.build();
  }
}
