package ai.clouvel.sdk.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential (API key, token, password). {@link #toString()} is redacted so a secret never
 * reaches a log line, an exception message or an event by accident; call {@link #reveal()} only
 * where the value is handed to the provider.
 */
public final class Secret {
  private static final String REDACTED = "Secret[****]";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret value.
   *
   * @throws IllegalArgumentException if the value is null or blank
   */
  public static Secret of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be null or blank");
    }
    return new Secret(value);
  }

  /** The plain value, for the one place that sends it to the provider. */
  public String reveal() {
    return value;
  }

  /** Always {@code Secret[****]}. */
  @Override
  public String toString() {
    return REDACTED;
  }

  /** Compares in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
