package ai.clouvel.sdk.social;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.social.internal.OutboxPublisher;
import ai.clouvel.sdk.spi.ProviderFactory;
import ai.clouvel.sdk.spi.Publisher;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Makes the {@code outbox} publisher: instead of posting to a platform it appends each post as one
 * JSON line to a local file, after checking it against the rules of the platform the post names
 * (x, reddit, tiktok or instagram), so a pipeline runs end to end offline and you can read what
 * would have been posted. The same idempotency key is never written twice, across restarts and
 * across processes sharing the file.
 */
public final class OutboxPublisherFactory implements ProviderFactory<Publisher> {
  /** Key: the JSON Lines file. */
  public static final String PATH = "path";
  /** Key: the platform whose rules {@link Publisher#rules()} reports. */
  public static final String PLATFORM = "platform";
  /** Key: extra terms no post may contain, comma-separated. */
  public static final String BLOCKED_TERMS = "blocked-terms";
  /** The default file. */
  public static final String DEFAULT_PATH = "clouvel-outbox.jsonl";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public OutboxPublisherFactory() {}

  @Override
  public String id() {
    return OutboxPublisher.ID;
  }

  @Override
  public Class<Publisher> type() {
    return Publisher.class;
  }

  @Override
  public String description() {
    return "Writes posts to a local JSON Lines file after checking each platform's rules; offline, no keys";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.optional(PATH, "The JSON Lines file posts are appended to", DEFAULT_PATH),
        ConfigKey.optional(PLATFORM, "Platform whose rules the publisher reports: x, reddit, tiktok or instagram"
            + " (each post is checked against the rules of the platform it names)", "reddit"),
        ConfigKey.optional(BLOCKED_TERMS, "Comma-separated terms no post may contain, on top of the platform's",
            null));
  }

  @Override
  public Publisher create(ProviderConfig config) {
    Path path;
    try {
      path = Path.of(config.string(PATH, DEFAULT_PATH));
    } catch (InvalidPathException e) {
      throw new ConfigurationException("Configuration key '" + config.key(PATH) + "' ("
          + ClouvelConfig.environmentName(config.key(PATH)) + ") is not a valid path: " + e.getReason(),
          config.key(PATH), e);
    }
    String platform = config.string(PLATFORM, "reddit");
    try {
      return new OutboxPublisher(path, platform, new LinkedHashSet<>(config.list(BLOCKED_TERMS)), config.clock());
    } catch (ValidationException e) {
      throw new ConfigurationException("Configuration key '" + config.key(PLATFORM) + "' ("
          + ClouvelConfig.environmentName(config.key(PLATFORM)) + ") must be one of x, reddit, tiktok, instagram;"
          + " was '" + platform + "'", config.key(PLATFORM), e);
    }
  }
}
