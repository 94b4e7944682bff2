package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A piece of media, usually generated art. Bytes first: model URLs expire within hours, so art is
 * kept as bytes and stored by an asset store, which gives it the lasting public {@link #url()}
 * commerce providers and platforms fetch.
 *
 * @param name a file name, e.g. {@code art-42.png}
 * @param mediaType the media type, e.g. {@code image/png}
 * @param bytes the content, if held in memory (copied in and out)
 * @param url where it can be fetched, if stored
 */
public record Asset(String name, String mediaType, byte @Nullable [] bytes, @Nullable URI url) {

  /** Validates and copies the bytes; an asset needs bytes or a URL. */
  public Asset {
    Checks.of("Asset")
        .notBlank(name, "name")
        .check(mediaType != null && mediaType.matches("[\\w.+-]+/[\\w.+-]+"), "mediaType",
            "must be a media type such as image/png, was " + mediaType)
        .check(bytes != null || url != null, "bytes", "an asset needs bytes or a url")
        .validate();
    bytes = bytes == null ? null : bytes.clone();
  }

  /** An asset that is only at a URL. */
  public static Asset ofUrl(String name, String mediaType, URI url) {
    return new Asset(name, mediaType, null, url);
  }

  /** A copy of the bytes, or {@code null}. */
  @Override
  public byte @Nullable [] bytes() {
    return bytes == null ? null : bytes.clone();
  }

  /** A copy that has been stored at {@code url}. */
  public Asset withUrl(URI url) {
    return new Asset(name, mediaType, bytes, url);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Asset a && name.equals(a.name) && mediaType.equals(a.mediaType)
        && Arrays.equals(bytes, a.bytes) && java.util.Objects.equals(url, a.url);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, mediaType, Arrays.hashCode(bytes), url);
  }

  @Override
  public String toString() {
    return "Asset[" + name + ", " + mediaType + ", " + (bytes == null ? "no bytes" : bytes.length + " bytes")
        + (url == null ? "" : ", " + url) + "]";
  }
}
