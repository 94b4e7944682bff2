package ai.clouvel.sdk.config;

import org.jspecify.annotations.Nullable;

/**
 * A configuration key a provider reads, relative to its prefix {@code clouvel.<provider-id>.}.
 * Factories list their keys so tools (the quickstart's {@code providers} command, the Spring
 * starter's metadata) can tell users what to set.
 *
 * @param name the key under the provider's prefix, lowercase with dashes, e.g. {@code client-id}
 * @param description what the key means, one sentence
 * @param required whether the provider fails to build without it
 * @param secret whether the value is a credential (read it with {@link ProviderConfig#secret})
 * @param defaultValue the value used when the key is absent, if any
 */
public record ConfigKey(
    String name, String description, boolean required, boolean secret, @Nullable String defaultValue) {

  /** Validates the name and description. */
  public ConfigKey {
    if (name == null || !name.matches("[a-z0-9]+([.-][a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "ConfigKey.name must be lowercase words joined by '-' or '.', was: " + name);
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("ConfigKey.description must not be blank (key " + name + ")");
    }
    if (required && defaultValue != null) {
      throw new IllegalArgumentException("ConfigKey '" + name + "' is required, so it cannot have a default");
    }
  }

  /** A required, non-secret key. */
  public static ConfigKey required(String name, String description) {
    return new ConfigKey(name, description, true, false, null);
  }

  /** A required credential. */
  public static ConfigKey secret(String name, String description) {
    return new ConfigKey(name, description, true, true, null);
  }

  /** An optional key with a default value. */
  public static ConfigKey optional(String name, String description, @Nullable String defaultValue) {
    return new ConfigKey(name, description, false, false, defaultValue);
  }
}
