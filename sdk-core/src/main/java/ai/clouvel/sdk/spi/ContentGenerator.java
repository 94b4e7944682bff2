package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.ContentRequest;

/** Writes the idea, title and copy for each platform, and makes art, about one trend. */
public interface ContentGenerator extends Provider {
  /**
   * Generates content; the result holds copy for every platform the request names.
   *
   * @throws ai.clouvel.sdk.exception.ProviderException when the model fails
   */
  Content generate(ContentRequest request);
}
