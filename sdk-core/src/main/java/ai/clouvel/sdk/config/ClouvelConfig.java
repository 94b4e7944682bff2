package ai.clouvel.sdk.config;

import ai.clouvel.sdk.exception.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Immutable configuration: dotted keys such as {@code clouvel.reddit.client-id}, read from a
 * {@link Map}, {@link Properties} or the environment, where the same key is spelled
 * {@code CLOUVEL_REDDIT_CLIENT_ID}. Explicit entries win over the environment.
 *
 * <p>Typed getters parse durations ({@code 30s}, {@code 5m}, {@code 250ms}, {@code 2h}, {@code 1d}
 * or ISO-8601 {@code PT30S}), integers, booleans, enums, URIs and {@link Secret}s. A missing or
 * malformed key throws {@link ConfigurationException} naming the key and its environment variable.
 *
 * <pre>{@code
 * ClouvelConfig config = ClouvelConfig.fromMap(Map.of("clouvel.reddit.client-id", "abc"))
 *     .withEnvironment(System.getenv());
 * String id = config.string("clouvel.reddit.client-id");
 * }</pre>
 */
public final class ClouvelConfig {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final ClouvelConfig EMPTY = new ClouvelConfig(Map.of(), Map.of());

  private final Map<String, String> entries;
  private final Map<String, String> environment;

  private ClouvelConfig(Map<String, String> entries, Map<String, String> environment) {
    this.entries = entries;
    this.environment = environment;
  }

  /** A configuration with no keys. */
  public static ClouvelConfig empty() {
    return EMPTY;
  }

  /** Reads the given keys and values; null keys or values are rejected. */
  public static ClouvelConfig fromMap(Map<String, String> entries) {
    Map<String, String> copy = new TreeMap<>();
    entries.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new ConfigurationException("Configuration keys and values must not be null (key " + k + ")", k);
      }
      copy.put(k.trim(), v.trim());
    });
    return new ClouvelConfig(Map.copyOf(copy), Map.of());
  }

  /** Reads every string property. */
  public static ClouvelConfig fromProperties(Properties properties) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return fromMap(map);
  }

  /** Reads only the process environment ({@code CLOUVEL_*} variables). */
  public static ClouvelConfig fromEnvironment() {
    return EMPTY.withEnvironment(System.getenv());
  }

  /**
   * A copy that falls back to the given environment variables for keys it does not hold; only
   * variables starting with {@code CLOUVEL_} are kept.
   */
  public ClouvelConfig withEnvironment(Map<String, String> env) {
    Map<String, String> kept = env.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getValue() != null && e.getKey().startsWith("CLOUVEL_"))
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    return new ClouvelConfig(entries, kept);
  }

  /** A copy in which the entries of {@code overrides} replace this configuration's. */
  public ClouvelConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(entries);
    merged.putAll(fromMap(overrides).entries);
    return new ClouvelConfig(Map.copyOf(merged), environment);
  }

  /** The environment variable that can hold {@code key}: {@code clouvel.x.client-id} is {@code CLOUVEL_X_CLIENT_ID}. */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The raw value of {@code key}, from the entries and then the environment. */
  public Optional<String> find(String key) {
    String value = entries.get(key);
    if (value == null) {
      value = environment.get(environmentName(key));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** Whether {@code key} has a non-blank value. */
  public boolean has(String key) {
    return find(key).isPresent();
  }

  /** The value of a required key. */
  public String string(String key) {
    return find(key).orElseThrow(() -> missing(key));
  }

  /** The value of {@code key}, or {@code defaultValue}. */
  public String string(String key, String defaultValue) {
    return find(key).orElse(defaultValue);
  }

  /** A comma-separated list; empty when the key is absent. */
  public List<String> list(String key) {
    return find(key)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /** A required credential. */
  public Secret secret(String key) {
    return Secret.of(string(key));
  }

  /** A required integer. */
  public int integer(String key) {
    return parseInt(key, string(key));
  }

  /** An integer, or {@code defaultValue}. */
  public int integer(String key, int defaultValue) {
    return find(key).map(v -> parseInt(key, v)).orElse(defaultValue);
  }

  /** A boolean ({@code true}/{@code false}), or {@code defaultValue}. */
  public boolean bool(String key, boolean defaultValue) {
    return find(key).map(v -> {
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      throw malformed(key, v, "true or false");
    }).orElse(defaultValue);
  }

  /** A required duration. */
  public Duration duration(String key) {
    return parseDuration(key, string(key));
  }

  /** A duration, or {@code defaultValue}. */
  public Duration duration(String key, Duration defaultValue) {
    return find(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
  }

  /** A required absolute URI. */
  public URI uri(String key) {
    return parseUri(key, string(key));
  }

  /** An absolute URI, or {@code defaultValue}. */
  public URI uri(String key, URI defaultValue) {
    return find(key).map(v -> parseUri(key, v)).orElse(defaultValue);
  }

  /** A required enum constant, matched ignoring case and treating {@code -} as {@code _}. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    return parseEnum(key, string(key), type);
  }

  /** An enum constant, or {@code defaultValue}. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    return find(key).map(v -> parseEnum(key, v, type)).orElse(defaultValue);
  }

  /** The keys set explicitly (not from the environment) that start with {@code prefix}. */
  public List<String> keys(String prefix) {
    return entries.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
  }

  /** The view of this configuration under {@code clouvel.<providerId>.}. */
  public ProviderConfig forProvider(String providerId) {
    return new ProviderConfig(providerId, this, java.time.Clock.systemUTC());
  }

  private static ConfigurationException missing(String key) {
    return new ConfigurationException(
        "Missing configuration key '" + key + "' (or environment variable " + environmentName(key) + ")", key);
  }

  private static ConfigurationException malformed(String key, String value, String expected) {
    // Neither the value nor the parser's exception (which quotes it) is kept: the key could hold a credential.
    return new ConfigurationException(
        "Configuration key '" + key + "' (" + environmentName(key) + ") must be " + expected
            + "; its value of " + value.length() + " characters is not", key);
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw malformed(key, value, "an integer");
    }
  }

  static Duration parseDuration(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw malformed(key, value, "a duration such as 30s, 5m, 250ms or PT30S");
    }
  }

  private static URI parseUri(String key, String value) {
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute()) {
        throw malformed(key, value, "an absolute URI");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw malformed(key, value, "an absolute URI");
    }
  }

  private static <E extends Enum<E>> E parseEnum(String key, String value, Class<E> type) {
    String wanted = value.trim().replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(wanted)) {
        return constant;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(", "));
    throw new ConfigurationException(
        "Configuration key '" + key + "' (" + environmentName(key) + ") must be one of: " + allowed
            + "; was '" + value + "'", key);
  }

  /** Lists the keys (never the values, which may be secrets). */
  @Override
  public String toString() {
    return "ClouvelConfig" + entries.keySet() + (environment.isEmpty() ? "" : " + env" + environment.keySet());
  }
}
