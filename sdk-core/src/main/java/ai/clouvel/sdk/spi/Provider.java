package ai.clouvel.sdk.spi;

/** What every provider has: a stable id, the one its factory registers and configuration uses. */
public interface Provider {
  /** The provider's stable id, lowercase with dashes, e.g. {@code reddit} or {@code tiktok-shop}. */
  String id();
}
