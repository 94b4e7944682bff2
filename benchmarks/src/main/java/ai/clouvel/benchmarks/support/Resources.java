package ai.clouvel.benchmarks.support;

import ai.clouvel.sdk.internal.jdbc.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads SQL scripts that ship with the benchmarks. */
public final class Resources {
  private Resources() {}

  /**
   * The statements of {@code /ai/clouvel/benchmarks/<name>}, split as the SDK splits its migration
   * scripts ({@link Migrations#statements}).
   */
  public static String[] statements(String name) {
    String path = "/ai/clouvel/benchmarks/" + name;
    try (InputStream in = Resources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Not on the class path: " + path);
      }
      return Migrations.statements(new String(in.readAllBytes(), StandardCharsets.UTF_8)).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
