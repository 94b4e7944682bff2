package ai.clouvel.sdk.spring.internal;

import ai.clouvel.sdk.config.ClouvelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads every {@code clouvel.*} property of a Spring environment into a {@link ClouvelConfig}.
 *
 * <ul>
 *   <li>Names from enumerable property sources (properties and YAML files, system properties,
 *       test properties) are normalised to the SDK's dotted kebab form: {@code clouvel.reddit.clientId}
 *       and {@code clouvel.reddit.client_id} both become {@code clouvel.reddit.client-id}.
 *   <li>Indexed names ({@code clouvel.trend-sources[0]}, as YAML lists produce) become one
 *       comma-separated value, in index order.
 *   <li>{@code CLOUVEL_*} variables of environment sources are handed to
 *       {@link ClouvelConfig#withEnvironment}, which matches them by the key's environment name
 *       ({@code CLOUVEL_REDDIT_CLIENT_ID}).
 *   <li>When a key is set in several sources, Spring's order decides: the first source that sets
 *       it, under any spelling, wins (so an environment variable beats {@code application.properties}).
 *   <li>Placeholders ({@code ${...}}) in values are resolved against the environment.
 * </ul>
 *
 * <p>Non-enumerable sources cannot list their names and are skipped.
 */
public final class EnvironmentConfigReader {
  private static final String PREFIX = "clouvel";
  private static final String ENV_PREFIX = "CLOUVEL_";

  private EnvironmentConfigReader() {}

  /** The {@code clouvel.*} configuration held by {@code environment}. */
  public static ClouvelConfig read(ConfigurableEnvironment environment) {
    List<Source> sources = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    Map<String, String> variables = new LinkedHashMap<>();
    for (PropertySource<?> propertySource : environment.getPropertySources()) {
      if (propertySource instanceof SystemEnvironmentPropertySource env) {
        Source source = Source.variables(env, environment);
        source.variables.forEach(variables::putIfAbsent);
        sources.add(source);
      } else if (propertySource instanceof EnumerablePropertySource<?> enumerable) {
        Source source = Source.names(enumerable, environment);
        keys.addAll(source.scalars.keySet());
        keys.addAll(source.lists.keySet());
        sources.add(source);
      }
    }
    Map<String, String> entries = new TreeMap<>();
    for (String key : keys) {
      for (Source source : sources) {
        String value = source.value(key);
        if (value != null) {
          entries.put(key, value);
          break;
        }
      }
    }
    return ClouvelConfig.fromMap(entries).withEnvironment(variables);
  }

  /**
   * The dotted kebab form of a property name under {@code clouvel.}, or null if the name is not
   * under {@code clouvel.} or cannot be read. An index ({@code [0]}) is kept at the end only.
   */
  static @Nullable String canonicalName(String name) {
    String index = "";
    String path = name.trim();
    int bracket = path.indexOf('[');
    if (bracket >= 0) {
      index = path.substring(bracket);
      path = path.substring(0, bracket);
      if (!index.matches("\\[\\d+]")) {
        return null; // nested or named indices: not a shape the SDK's flat keys can hold
      }
    }
    String[] elements = path.split("\\.", -1);
    StringBuilder out = new StringBuilder();
    for (String element : elements) {
      String kebab = kebab(element);
      if (kebab.isEmpty()) {
        return null;
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(kebab);
    }
    if (elements.length < 2 || !elements[0].equalsIgnoreCase(PREFIX)) {
      return null;
    }
    return out + index;
  }

  /** {@code clientId}, {@code client_id}, {@code Client-ID} all become {@code client-id}. */
  private static String kebab(String element) {
    StringBuilder out = new StringBuilder(element.length() + 4);
    char previous = 0;
    for (int i = 0; i < element.length(); i++) {
      char c = element.charAt(i);
      if (Character.isUpperCase(c)) {
        if (Character.isLowerCase(previous) || Character.isDigit(previous)) {
          dash(out);
        }
        out.append(Character.toLowerCase(c));
      } else if (c == '-' || c == '_') {
        dash(out);
      } else if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
      } else {
        return ""; // a character no SDK key uses
      }
      previous = c;
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == '-') {
      end--;
    }
    return out.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static void dash(StringBuilder out) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
      out.append('-');
    }
  }

  private static @Nullable String stringValue(
      PropertySource<?> source, String name, ConfigurableEnvironment environment) {
    Object raw = source.getProperty(name);
    if (raw == null) {
      return null;
    }
    return environment.resolvePlaceholders(String.valueOf(raw));
  }

  /** One property source: its {@code clouvel.*} names by canonical key, or its {@code CLOUVEL_*} variables. */
  private static final class Source {
    final Map<String, String> scalars = new LinkedHashMap<>();
    final Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
    final Map<String, String> variables = new LinkedHashMap<>();

    static Source names(EnumerablePropertySource<?> source, ConfigurableEnvironment environment) {
      Source out = new Source();
      for (String name : source.getPropertyNames()) {
        String canonical = canonicalName(name);
        if (canonical == null) {
          continue;
        }
        String value = stringValue(source, name, environment);
        if (value == null) {
          continue;
        }
        int bracket = canonical.indexOf('[');
        if (bracket < 0) {
          out.scalars.putIfAbsent(canonical, value);
        } else {
          int index = Integer.parseInt(canonical.substring(bracket + 1, canonical.length() - 1));
          out.lists.computeIfAbsent(canonical.substring(0, bracket), k -> new TreeMap<>()).putIfAbsent(index, value);
        }
      }
      return out;
    }

    static Source variables(SystemEnvironmentPropertySource source, ConfigurableEnvironment environment) {
      Source out = new Source();
      for (String name : source.getPropertyNames()) {
        if (name.startsWith(ENV_PREFIX)) {
          String value = stringValue(source, name, environment);
          if (value != null) {
            out.variables.put(name, value);
          }
        }
      }
      return out;
    }

    /** The value this source gives {@code key}; a plain value wins over a list in the same source. */
    @Nullable String value(String key) {
      String variable = variables.get(ClouvelConfig.environmentName(key));
      if (variable != null) {
        return variable;
      }
      String scalar = scalars.get(key);
      if (scalar != null) {
        return scalar;
      }
      TreeMap<Integer, String> list = lists.get(key);
      return list == null ? null : String.join(",", list.values());
    }
  }
}
