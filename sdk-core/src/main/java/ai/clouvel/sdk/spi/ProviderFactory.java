package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import java.util.List;

/**
 * Makes one kind of provider from configuration. Implementations are listed in
 * {@code META-INF/services/ai.clouvel.sdk.spi.ProviderFactory} and found by
 * {@link java.util.ServiceLoader}; an instance set on the {@code Clouvel} builder always wins over
 * a discovered one.
 *
 * @param <T> the role it makes, e.g. {@link TrendSource}
 */
public interface ProviderFactory<T extends Provider> {
  /** The provider id this factory makes; unique per role across the class path. */
  String id();

  /** The role it makes: one of {@link #ROLES}. */
  Class<T> type();

  /** One sentence for listings such as the quickstart's {@code providers} command. */
  default String description() {
    return id();
  }

  /** The keys it reads under {@code clouvel.<id>.}, with descriptions. */
  default List<ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * Builds the provider.
   *
   * @throws ai.clouvel.sdk.exception.ConfigurationException naming a missing or malformed key
   */
  T create(ProviderConfig config);

  /** The roles a factory may make. */
  List<Class<? extends Provider>> ROLES = List.of(
      TrendSource.class, ContentGenerator.class, CommerceProvider.class, Publisher.class, PaymentGateway.class);
}
