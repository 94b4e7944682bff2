package ai.clouvel.sdk.config;

import ai.clouvel.sdk.http.HttpSupport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One provider's view of the configuration: {@code get("client-id")} on provider {@code reddit}
 * reads {@code clouvel.reddit.client-id} (or {@code CLOUVEL_REDDIT_CLIENT_ID}). Errors name the
 * full key and its environment variable.
 */
public final class ProviderConfig {
  private final String providerId;
  private final ClouvelConfig config;
  private final Clock clock;
  private volatile @Nullable HttpSupport http;

  /**
   * A view that creates its own {@link HttpSupport} from {@code config} on the first call to
   * {@link #http()}; nobody closes that one (its OkHttp threads are daemon threads that end when
   * idle). Meant for tests and tools; {@code Clouvel} passes its shared support instead.
   *
   * @param providerId the provider's id, the middle part of its keys
   * @param config the whole configuration
   * @param clock the clock the provider must use for every time it reads
   */
  public ProviderConfig(String providerId, ClouvelConfig config, Clock clock) {
    this(providerId, config, clock, null);
  }

  /**
   * @param providerId the provider's id, the middle part of its keys
   * @param config the whole configuration
   * @param clock the clock the provider must use for every time it reads
   * @param http the HTTP support shared by the providers of one {@code Clouvel} instance; its owner closes it
   */
  public ProviderConfig(String providerId, ClouvelConfig config, Clock clock, @Nullable HttpSupport http) {
    if (providerId == null || !providerId.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("provider id must be lowercase words joined by '-', was: " + providerId);
    }
    this.providerId = providerId;
    this.config = config;
    this.clock = clock;
    this.http = http;
  }

  /**
   * The shared HTTP support: one OkHttp client and JSON mapper, retries, rate-limit handling and
   * error mapping. Providers send every remote call through it.
   */
  public HttpSupport http() {
    HttpSupport h = http;
    if (h == null) {
      synchronized (this) {
        h = http;
        if (h == null) {
          h = HttpSupport.fromConfig(config, clock);
          http = h;
        }
      }
    }
    return h;
  }

  /** The clock of the {@code Clouvel} instance that builds the provider. */
  public Clock clock() {
    return clock;
  }

  /** The provider's id. */
  public String providerId() {
    return providerId;
  }

  /** The whole configuration, for keys shared between providers. */
  public ClouvelConfig root() {
    return config;
  }

  /** The full key for {@code name}: {@code clouvel.<provider-id>.<name>}. */
  public String key(String name) {
    return "clouvel." + providerId + "." + name;
  }

  /** The value of {@code name}, if set. */
  public Optional<String> find(String name) {
    return config.find(key(name));
  }

  /** A required value. */
  public String string(String name) {
    return config.string(key(name));
  }

  /** A value, or {@code defaultValue}. */
  public String string(String name, String defaultValue) {
    return config.string(key(name), defaultValue);
  }

  /** A comma-separated list; empty when absent. */
  public List<String> list(String name) {
    return config.list(key(name));
  }

  /** A required credential. */
  public Secret secret(String name) {
    return config.secret(key(name));
  }

  /** An integer, or {@code defaultValue}. */
  public int integer(String name, int defaultValue) {
    return config.integer(key(name), defaultValue);
  }

  /** A boolean, or {@code defaultValue}. */
  public boolean bool(String name, boolean defaultValue) {
    return config.bool(key(name), defaultValue);
  }

  /** A duration, or {@code defaultValue}. */
  public Duration duration(String name, Duration defaultValue) {
    return config.duration(key(name), defaultValue);
  }

  /** An absolute URI, or {@code defaultValue}; providers read their base URL this way so tests can redirect them. */
  public URI uri(String name, URI defaultValue) {
    return config.uri(key(name), defaultValue);
  }

  @Override
  public String toString() {
    return "ProviderConfig[" + providerId + "]";
  }
}
