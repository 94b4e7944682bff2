package ai.clouvel.sdk.providers;

import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.providers.internal.FileTrendSource;
import ai.clouvel.sdk.spi.ProviderFactory;
import ai.clouvel.sdk.spi.TrendSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the {@code file} trend source: trends from your own file, a JSON array or JSON Lines with
 * one object per trend:
 *
 * <pre>{@code
 * {"id": "t1", "community": "cats", "title": "Cat tax", "url": "https://example.com/1",
 *  "score": 120, "comments": 8, "createdAt": "2026-11-21T09:30:00Z", "nsfw": false,
 *  "author": "me", "attributes": {"flair": "OC"}}
 * }</pre>
 *
 * {@code id}, {@code community} and {@code title} are required; a trend without {@code createdAt}
 * counts as created when the file was last modified. The file is re-read when it changes; a
 * malformed file fails with a {@link ai.clouvel.sdk.exception.ValidationException} naming the
 * file and every bad line and field.
 */
public final class FileTrendSourceFactory implements ProviderFactory<TrendSource> {
  /** The key, under {@code clouvel.file.}, holding the file's path. */
  public static final String PATH = "path";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public FileTrendSourceFactory() {}

  @Override
  public String id() {
    return FileTrendSource.ID;
  }

  @Override
  public Class<TrendSource> type() {
    return TrendSource.class;
  }

  @Override
  public String description() {
    return "Trends from your own JSON array or JSON Lines file, re-read when it changes";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(ConfigKey.required(PATH,
        "Path of the JSON array or JSON Lines file of trends (fields id, community, title; optional url, score,"
            + " comments, createdAt, nsfw, author, attributes)"));
  }

  @Override
  public TrendSource create(ProviderConfig config) {
    String raw = config.string(PATH);
    try {
      return new FileTrendSource(Path.of(raw), config.clock());
    } catch (InvalidPathException e) {
      throw new ConfigurationException("Configuration key '" + config.key(PATH) + "' is not a valid path: "
          + e.getReason(), config.key(PATH), e);
    }
  }
}
