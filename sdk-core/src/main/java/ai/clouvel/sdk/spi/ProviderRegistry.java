package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The provider factories that are installed, per role. {@link #load()} discovers them with
 * {@link ServiceLoader}, from the thread's context class loader first and then the SDK's own;
 * two factories claiming one id for one role fail loudly, naming both classes. Immutable.
 */
public final class ProviderRegistry {
  private final Map<Class<?>, Map<String, ProviderFactory<?>>> byRole;

  private ProviderRegistry(Map<Class<?>, Map<String, ProviderFactory<?>>> byRole) {
    this.byRole = byRole;
  }

  /** Discovers every factory on the class path. */
  public static ProviderRegistry load() {
    Set<ClassLoader> loaders = new LinkedHashSet<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    loaders.add(ProviderRegistry.class.getClassLoader());
    List<ProviderFactory<?>> found = new ArrayList<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    for (ClassLoader loader : loaders) {
      try {
        for (ProviderFactory<?> factory : ServiceLoader.load(ProviderFactory.class, loader)) {
          if (seen.add(factory.getClass())) {
            found.add(factory);
          }
        }
      } catch (ServiceConfigurationError e) {
        throw new ConfigurationException("A ProviderFactory could not be loaded: " + e.getMessage(), null, e);
      }
    }
    return of(found);
  }

  /** A registry of exactly these factories. */
  public static ProviderRegistry of(Collection<? extends ProviderFactory<?>> factories) {
    Map<Class<?>, Map<String, ProviderFactory<?>>> byRole = new LinkedHashMap<>();
    for (ProviderFactory<?> factory : factories) {
      Class<?> role = factory.type();
      if (!ProviderFactory.ROLES.contains(role)) {
        throw new ConfigurationException("ProviderFactory " + factory.getClass().getName()
            + " makes " + role.getName() + ", which is not one of the roles " + roleNames(), null);
      }
      String id = factory.id();
      if (id == null || !id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
        throw new ConfigurationException("ProviderFactory " + factory.getClass().getName()
            + " has id '" + id + "'; ids are lowercase words joined by '-'", null);
      }
      ProviderFactory<?> previous = byRole.computeIfAbsent(role, r -> new TreeMap<>()).putIfAbsent(id, factory);
      if (previous != null) {
        throw new ConfigurationException("Two " + role.getSimpleName() + " factories claim the id '" + id + "': "
            + previous.getClass().getName() + " and " + factory.getClass().getName()
            + ". Remove one from the class path.", null);
      }
    }
    byRole.replaceAll((k, v) -> java.util.Collections.unmodifiableMap(v));
    return new ProviderRegistry(byRole);
  }

  /** The installed ids for {@code role}, sorted. */
  public Set<String> ids(Class<? extends Provider> role) {
    return byRole.getOrDefault(role, Map.of()).keySet();
  }

  /** The installed factories for {@code role}, sorted by id. */
  @SuppressWarnings("unchecked")
  public <T extends Provider> List<ProviderFactory<T>> factories(Class<T> role) {
    List<ProviderFactory<T>> list = new ArrayList<>();
    for (ProviderFactory<?> f : byRole.getOrDefault(role, Map.of()).values()) {
      list.add((ProviderFactory<T>) f);
    }
    return list;
  }

  /** The factory for {@code id}, if installed. */
  @SuppressWarnings("unchecked")
  public <T extends Provider> @Nullable ProviderFactory<T> find(Class<T> role, String id) {
    return (ProviderFactory<T>) byRole.getOrDefault(role, Map.of()).get(id);
  }

  /**
   * The factory for {@code id}.
   *
   * @throws ConfigurationException listing the installed ids when {@code id} is unknown
   */
  public <T extends Provider> ProviderFactory<T> factory(Class<T> role, String id) {
    ProviderFactory<T> factory = find(role, id);
    if (factory == null) {
      Set<String> installed = ids(role);
      throw new ConfigurationException("No " + role.getSimpleName() + " with id '" + id + "' is installed. "
          + (installed.isEmpty()
              ? "None is installed: add a provider module (e.g. clouvel-sdk-providers) to the class path."
              : "Installed: " + String.join(", ", installed) + "."), null);
    }
    return factory;
  }

  /** Builds the provider {@code id} of {@code role} from {@code config}. */
  public <T extends Provider> T create(Class<T> role, String id, ProviderConfig config) {
    T provider = factory(role, id).create(config);
    if (provider == null) {
      throw new ConfigurationException("The " + role.getSimpleName() + " factory '" + id + "' returned null", null);
    }
    return provider;
  }

  private static String roleNames() {
    return ProviderFactory.ROLES.stream().map(Class::getSimpleName).toList().toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ProviderRegistry{");
    byRole.forEach((role, ids) -> sb.append(role.getSimpleName()).append('=').append(ids.keySet()).append(' '));
    return sb.toString().trim() + "}";
  }
}
