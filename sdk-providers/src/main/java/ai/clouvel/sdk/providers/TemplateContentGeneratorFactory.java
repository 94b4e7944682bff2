package ai.clouvel.sdk.providers;

import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.providers.internal.TemplateContentGenerator;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.spi.ProviderFactory;
import java.util.List;

/**
 * Makes the {@code template} content generator: offline and deterministic (the same request gives
 * the same content), no API key. It writes an idea, a title, a description and copy for each
 * requested platform within that platform's rules (length, hashtags, affiliate disclosure, blocked
 * terms, room for the tracking link), an art prompt, and real PNG art drawn with Java 2D. It reads
 * the sponsor's message and the feedback of a rejected attempt, so regeneration converges.
 */
public final class TemplateContentGeneratorFactory implements ProviderFactory<ContentGenerator> {
  /** The key, under {@code clouvel.template.}, holding the art's size in pixels. */
  public static final String IMAGE_SIZE = "image-size";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public TemplateContentGeneratorFactory() {}

  @Override
  public String id() {
    return TemplateContentGenerator.ID;
  }

  @Override
  public Class<ContentGenerator> type() {
    return ContentGenerator.class;
  }

  @Override
  public String description() {
    return "Offline, deterministic copy from templates and PNG art drawn locally; no keys";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(ConfigKey.optional(IMAGE_SIZE, "Width and height of the generated PNG art in pixels (64 to 2048)",
        String.valueOf(TemplateContentGenerator.DEFAULT_IMAGE_SIZE)));
  }

  @Override
  public ContentGenerator create(ProviderConfig config) {
    int size = config.integer(IMAGE_SIZE, TemplateContentGenerator.DEFAULT_IMAGE_SIZE);
    if (size < 64 || size > 2048) {
      throw new ConfigurationException("Configuration key '" + config.key(IMAGE_SIZE) + "' ("
          + ai.clouvel.sdk.config.ClouvelConfig.environmentName(config.key(IMAGE_SIZE))
          + ") must be between 64 and 2048 pixels, was " + size, config.key(IMAGE_SIZE));
    }
    return new TemplateContentGenerator(size);
  }
}
