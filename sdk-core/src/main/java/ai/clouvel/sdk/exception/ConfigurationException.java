package ai.clouvel.sdk.exception;

import org.jspecify.annotations.Nullable;

/**
 * The SDK was configured wrongly: a missing or malformed key, an unknown provider id, or two
 * providers claiming one id. Never retryable; the message names the key (and its environment
 * variable) or lists the ids that are installed.
 */
public class ConfigurationException extends ClouvelException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String key;

  /**
   * @param message what is wrong and how to fix it
   * @param key the configuration key concerned, if one
   */
  public ConfigurationException(String message, @Nullable String key) {
    this(message, key, null);
  }

  /**
   * @param message what is wrong and how to fix it
   * @param key the configuration key concerned, if one
   * @param cause the parse error or other cause
   */
  public ConfigurationException(String message, @Nullable String key, @Nullable Throwable cause) {
    super(message, cause, false);
    this.key = key;
  }

  /** The configuration key concerned, or {@code null} when the problem is not about one key. */
  public @Nullable String key() {
    return key;
  }
}
