package ai.clouvel.benchmarks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads SQL scripts that ship with the benchmarks. */
public final class Resources {
  private Resources() {}

  /**
   * The statements of {@code /ai/clouvel/benchmarks/<name>}: split at {@code ;} ending a line,
   * without {@code --} comment lines.
   */
  public static String[] statements(String name) {
    String path = "/ai/clouvel/benchmarks/" + name;
    String sql;
    try (InputStream in = Resources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Not on the class path: " + path);
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out.toArray(String[]::new);
  }
}
