package ai.clouvel.sdk;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.http.HttpSupport;
import ai.clouvel.sdk.spi.CommerceProvider;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.spi.PaymentGateway;
import ai.clouvel.sdk.spi.Provider;
import ai.clouvel.sdk.spi.ProviderRegistry;
import ai.clouvel.sdk.spi.Publisher;
import ai.clouvel.sdk.spi.TrendSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: the providers a host picked, and the resources they share. Build it by hand,
 *
 * <pre>{@code
 * try (Clouvel clouvel = Clouvel.builder()
 *     .trendSource(new MyTrendSource())
 *     .publisher(new MyPublisher())
 *     .build()) { ... }
 * }</pre>
 *
 * or from configuration, where each role names provider ids found on the class path:
 *
 * <pre>{@code
 * ClouvelConfig config = ClouvelConfig.fromMap(Map.of(
 *     "clouvel.trend-sources", "sample",
 *     "clouvel.content-generator", "template",
 *     "clouvel.commerce", "zazzle",
 *     "clouvel.publishers", "outbox"));
 * try (Clouvel clouvel = Clouvel.builder().config(config).build()) { ... }
 * }</pre>
 *
 * An instance set on the builder always wins over one named in configuration. Unknown ids fail at
 * build time with a message listing the installed ids; missing keys name the key and its
 * environment variable. Closing it releases what it created (never what was handed to it).
 */
public final class Clouvel implements AutoCloseable {
  /** Configuration key naming the trend sources, comma-separated. */
  public static final String TREND_SOURCES = "clouvel.trend-sources";
  /** Configuration key naming the content generator. */
  public static final String CONTENT_GENERATOR = "clouvel.content-generator";
  /** Configuration key naming the commerce providers, comma-separated. */
  public static final String COMMERCE = "clouvel.commerce";
  /** Configuration key naming the publishers, comma-separated. */
  public static final String PUBLISHERS = "clouvel.publishers";
  /** Configuration key naming the payment gateway. */
  public static final String PAYMENTS = "clouvel.payments";

  private final ClouvelConfig config;
  private final Clock clock;
  private final ProviderRegistry registry;
  private final Map<String, TrendSource> trendSources;
  private final @Nullable ContentGenerator contentGenerator;
  private final Map<String, CommerceProvider> commerce;
  private final Map<String, Publisher> publishers;
  private final @Nullable PaymentGateway paymentGateway;
  private final List<AutoCloseable> owned;
  private final HttpSupport http;

  private Clouvel(Builder b, ProviderRegistry registry, List<AutoCloseable> owned) {
    this.config = b.config;
    this.clock = b.clock;
    this.registry = registry;
    this.owned = owned;
    // First in, so closed last: providers may still call out while they close.
    HttpSupport.Builder httpBuilder = HttpSupport.builder().config(config).clock(clock);
    if (b.okHttpClient != null) {
      httpBuilder.okHttpClient(b.okHttpClient);
    }
    this.http = httpBuilder.build();
    owned.add(http);
    this.trendSources = resolveMany(TrendSource.class, TREND_SOURCES, b.trendSources, owned);
    this.contentGenerator = resolveOne(ContentGenerator.class, CONTENT_GENERATOR, b.contentGenerator, owned);
    this.commerce = resolveMany(CommerceProvider.class, COMMERCE, b.commerce, owned);
    this.publishers = resolveMany(Publisher.class, PUBLISHERS, b.publishers, owned);
    this.paymentGateway = resolveOne(PaymentGateway.class, PAYMENTS, b.paymentGateway, owned);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  private <T extends Provider> Map<String, T> resolveMany(
      Class<T> role, String key, List<T> explicit, List<AutoCloseable> owned) {
    Map<String, T> out = new LinkedHashMap<>();
    for (T p : explicit) {
      putUnique(out, role, p);
    }
    for (String id : config.list(key)) {
      if (!out.containsKey(id)) {
        putUnique(out, role, create(role, id, owned));
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private <T extends Provider> @Nullable T resolveOne(
      Class<T> role, String key, @Nullable T explicit, List<AutoCloseable> owned) {
    if (explicit != null) {
      return explicit;
    }
    return config.find(key).map(id -> create(role, id, owned)).orElse(null);
  }

  private <T extends Provider> T create(Class<T> role, String id, List<AutoCloseable> owned) {
    T provider = registry.create(role, id, new ProviderConfig(id, config, clock, http));
    if (provider instanceof AutoCloseable c) {
      owned.add(c);
    }
    return provider;
  }

  private static <T extends Provider> void putUnique(Map<String, T> map, Class<T> role, T provider) {
    if (map.putIfAbsent(provider.id(), provider) != null) {
      throw new ConfigurationException("Two " + role.getSimpleName() + "s share the id '" + provider.id() + "'", null);
    }
  }

  /** The configuration it was built from. */
  public ClouvelConfig config() {
    return config;
  }

  /** The clock every component of this instance uses. */
  public Clock clock() {
    return clock;
  }

  /**
   * The HTTP support its providers share (one OkHttp client, configured by the
   * {@code clouvel.http.*} keys); closed with this instance.
   */
  public HttpSupport http() {
    return http;
  }

  /** The installed provider factories. */
  public ProviderRegistry registry() {
    return registry;
  }

  /** The trend sources by id, in the order they were added. */
  public Map<String, TrendSource> trendSources() {
    return trendSources;
  }

  /** The content generator, if one was set or configured. */
  public Optional<ContentGenerator> contentGenerator() {
    return Optional.ofNullable(contentGenerator);
  }

  /** The commerce providers by id. */
  public Map<String, CommerceProvider> commerce() {
    return commerce;
  }

  /** The publishers by id. */
  public Map<String, Publisher> publishers() {
    return publishers;
  }

  /** The payment gateway, if one was set or configured. */
  public Optional<PaymentGateway> paymentGateway() {
    return Optional.ofNullable(paymentGateway);
  }

  /**
   * A builder for a {@link ai.clouvel.sdk.pipeline.Pipeline} over this instance's providers and clock:
   * {@code clouvel.pipeline().queue(queue).build()}.
   */
  public ai.clouvel.sdk.pipeline.Pipeline.Builder pipeline() {
    return ai.clouvel.sdk.pipeline.Pipeline.builder(this);
  }

  /** Closes what this instance created, in reverse order; providers handed to the builder stay open. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new ConfigurationException("Closing Clouvel failed: " + e.getMessage(), null, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Builds a {@link Clouvel}; every option documents its default. */
  public static final class Builder {
    private ClouvelConfig config = ClouvelConfig.empty();
    private Clock clock = Clock.systemUTC();
    private @Nullable ProviderRegistry registry;
    private final List<TrendSource> trendSources = new ArrayList<>();
    private @Nullable ContentGenerator contentGenerator;
    private final List<CommerceProvider> commerce = new ArrayList<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private @Nullable PaymentGateway paymentGateway;
    private okhttp3.@Nullable OkHttpClient okHttpClient;

    private Builder() {}

    /**
     * An OkHttp client for the shared HTTP support to build on (the host's proxy, TLS or pool
     * settings); its pool, dispatcher and timeouts are kept, and closing this instance leaves it
     * open. Default: a client created from the {@code clouvel.http.*} keys and closed with this
     * instance.
     */
    public Builder okHttpClient(okhttp3.OkHttpClient client) {
      this.okHttpClient = require(client, "okHttpClient");
      return this;
    }

    /** The configuration; default empty. Roles it names are built from the registry. */
    public Builder config(ClouvelConfig config) {
      this.config = require(config, "config");
      return this;
    }

    /** The clock for every component; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = require(clock, "clock");
      return this;
    }

    /** The provider factories to build configured roles from; default {@link ProviderRegistry#load()}. */
    public Builder registry(ProviderRegistry registry) {
      this.registry = require(registry, "registry");
      return this;
    }

    /** Adds a trend source; it wins over a configured one with the same id. */
    public Builder trendSource(TrendSource source) {
      trendSources.add(require(source, "trendSource"));
      return this;
    }

    /** Sets the content generator; it wins over the configured one. */
    public Builder contentGenerator(ContentGenerator generator) {
      this.contentGenerator = require(generator, "contentGenerator");
      return this;
    }

    /** Adds a commerce provider; it wins over a configured one with the same id. */
    public Builder commerceProvider(CommerceProvider provider) {
      commerce.add(require(provider, "commerceProvider"));
      return this;
    }

    /** Adds a publisher; it wins over a configured one with the same id. */
    public Builder publisher(Publisher publisher) {
      publishers.add(require(publisher, "publisher"));
      return this;
    }

    /** Sets the payment gateway; it wins over the configured one. */
    public Builder paymentGateway(PaymentGateway gateway) {
      this.paymentGateway = require(gateway, "paymentGateway");
      return this;
    }

    private static <T> T require(@Nullable T value, String name) {
      if (value == null) {
        throw ai.clouvel.sdk.exception.ValidationException.of("Clouvel.Builder", name, "must not be null");
      }
      return value;
    }

    /**
     * Builds the instance, creating every configured provider.
     *
     * @throws ConfigurationException for unknown ids or missing keys; whatever was already created is closed
     */
    public Clouvel build() {
      ProviderRegistry reg = registry != null ? registry : ProviderRegistry.load();
      List<AutoCloseable> owned = new ArrayList<>();
      try {
        return new Clouvel(this, reg, owned);
      } catch (RuntimeException e) {
        for (AutoCloseable c : owned) {
          try {
            c.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }
  }
}
