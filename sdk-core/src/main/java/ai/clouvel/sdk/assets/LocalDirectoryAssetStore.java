package ai.clouvel.sdk.assets;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Asset;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Stores assets as files in one directory, named {@code <key>-<content hash>-<asset name>}, and
 * gives their {@code file:} URLs. The same key and content always give the same file (a retried
 * stage stores nothing twice); different content never overwrites a file another listing may
 * point to. Each file is written to a temporary name and moved into place, so a reader never sees
 * half a file. Thread-safe.
 */
public final class LocalDirectoryAssetStore implements AssetStore {
  private final Path directory;

  /** A store in {@code directory}, created on first use if missing. */
  public LocalDirectoryAssetStore(Path directory) {
    if (directory == null) {
      throw ValidationException.of("LocalDirectoryAssetStore", "directory", "is required");
    }
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The directory files are written to. */
  public Path directory() {
    return directory;
  }

  @Override
  public Asset store(String key, Asset asset) {
    if (key == null || !key.matches("[A-Za-z0-9._-]{1,150}")) {
      throw ValidationException.of("AssetStore", "key",
          "must be 1 to 150 letters, digits or . _ - characters, was '" + key + "'");
    }
    if (asset == null) {
      throw ValidationException.of("AssetStore", "asset", "is required");
    }
    byte[] bytes = asset.bytes();
    if (bytes == null) {
      return asset; // only a URL: already stored somewhere
    }
    String name = asset.name().replaceAll("[^A-Za-z0-9._-]", "_");
    Path target = directory.resolve(key + "-" + hash(bytes) + "-" + name);
    if (Files.exists(target)) {
      return asset.withUrl(target.toUri());
    }
    try {
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, ".asset-", ".tmp");
      try {
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ClouvelException("Cannot store asset '" + asset.name() + "' in " + directory + ": " + e.getMessage(),
          e, true);
    }
    return asset.withUrl(target.toUri());
  }

  private static String hash(byte[] bytes) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
      return java.util.HexFormat.of().formatHex(digest, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  @Override
  public String toString() {
    return "LocalDirectoryAssetStore[" + directory + "]";
  }
}
