package ai.clouvel.sdk.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** The SDK's version and the {@code User-Agent} built from it. */
public final class SdkVersion {
  /** Written by Maven resource filtering at build time. */
  static final String RESOURCE = "/ai/clouvel/sdk/internal/http/version.properties";
  /** Used when neither the filtered resource nor the jar manifest says. */
  public static final String UNKNOWN = "unknown";

  private static final String VERSION = find();

  private SdkVersion() {}

  /** The SDK's version, e.g. {@code 0.1.0-SNAPSHOT}, or {@value #UNKNOWN}. */
  public static String version() {
    return VERSION;
  }

  /** {@code clouvel-sdk/<version> (Java <java.version>)}. */
  public static String userAgent() {
    return "clouvel-sdk/" + VERSION + " (Java " + System.getProperty("java.version", "unknown") + ")";
  }

  private static String find() {
    String fromResource = fromResource();
    if (fromResource != null) {
      return fromResource;
    }
    String fromManifest = SdkVersion.class.getPackage() == null ? null : SdkVersion.class.getPackage().getImplementationVersion();
    return usable(fromManifest) ? fromManifest : UNKNOWN;
  }

  private static @Nullable String fromResource() {
    try (InputStream in = SdkVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version");
      return usable(v) ? v.trim() : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  static boolean usable(@Nullable String v) {
    // An unfiltered resource still holds the placeholder.
    return v != null && !v.isBlank() && !v.contains("${");
  }
}
