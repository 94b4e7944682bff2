package ai.clouvel.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Secrets are revealed in one place of the HTTP code: where the request is written to the wire. */
class RevealUsageTest {
  @Test
  void only_the_request_writer_reveals_secrets() throws IOException {
    Path sources = Path.of("src/main/java/ai/clouvel/sdk");
    assumeTrue(Files.isDirectory(sources), "run from the sdk-core module directory");
    List<String> revealing;
    try (Stream<Path> files = Stream.concat(Files.walk(sources.resolve("http")), Files.walk(sources.resolve("internal/http")))) {
      revealing = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> read(f).contains(".reveal()"))
          .map(f -> f.getFileName().toString())
          .toList();
    }
    assertThat(revealing).containsExactly("RequestWriter.java");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
