package ai.clouvel.sdk.assets;

import ai.clouvel.sdk.model.Asset;
import java.nio.file.Path;

/**
 * Keeps assets where commerce providers and platforms can fetch them. Generated art is bytes;
 * model URLs expire within hours, so the pipeline stores the art here before the list stage and
 * passes on the lasting URL. The default, {@link #localDirectory(Path)}, writes files and gives
 * {@code file:} URLs (offline); hosted stores (S3-compatible, image hosts) are plugins.
 */
public interface AssetStore {

  /**
   * Stores an asset under {@code key}. Storing the same content under the same key again returns
   * the same URL, so a retried stage stores nothing twice; stores never overwrite content a URL
   * they returned points to.
   *
   * @param key a stable key for the asset, e.g. derived from the task; letters, digits, {@code . _ -}
   * @param asset the asset; it must hold bytes unless it already has a URL, which is returned as is
   * @return the asset with its lasting URL
   * @throws ai.clouvel.sdk.exception.ClouvelException when it cannot be stored
   */
  Asset store(String key, Asset asset);

  /** A store writing files into {@code directory} (created if missing), giving {@code file:} URLs. */
  static AssetStore localDirectory(Path directory) {
    return new LocalDirectoryAssetStore(directory);
  }
}
