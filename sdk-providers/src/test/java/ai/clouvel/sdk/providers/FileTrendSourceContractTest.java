package ai.clouvel.sdk.providers;

import ai.clouvel.sdk.providers.internal.FileTrendSource;
import ai.clouvel.sdk.spi.TrendSource;
import ai.clouvel.sdk.testing.TrendSourceContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class FileTrendSourceContractTest extends TrendSourceContract {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  @TempDir
  Path dir;

  @Override
  protected TrendSource source() {
    Path file = dir.resolve("trends.jsonl");
    try {
      Files.writeString(file, """
          {"id": "1", "community": "cats", "title": "Sun cat", "score": 30, "createdAt": "2026-11-21T10:00:00Z"}
          {"id": "2", "community": "cats", "title": "Box cat", "score": 90, "createdAt": "2026-11-21T09:00:00Z"}
          {"id": "3", "community": "cats", "title": "Vet photos", "score": 95, "createdAt": "2026-11-21T09:00:00Z", "nsfw": true}
          {"id": "4", "community": "cats", "title": "Old cat", "score": 99, "createdAt": "2026-10-01T09:00:00Z"}
          {"id": "5", "community": "cats", "title": "Void cat", "score": 10, "createdAt": "2026-11-21T11:00:00Z"}
          {"id": "6", "community": "java", "title": "Records", "score": 5, "createdAt": "2026-11-21T11:30:00Z"}
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FileTrendSource(file, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Override
  protected List<String> knownCommunities() {
    return List.of("cats", "java");
  }

  @Override
  protected String unknownCommunity() {
    return "dogs";
  }

  @Override
  protected Instant now() {
    return NOW;
  }
}
