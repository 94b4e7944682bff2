package ai.clouvel.sdk.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.providers.internal.FileTrendSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTrendSourceTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir
  Path dir;

  private FileTrendSource source(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return new FileTrendSource(file, clock);
  }

  @Test
  void reads_a_json_array() throws IOException {
    FileTrendSource source = source("trends.json", """
        [
          {"id": "a", "community": "cats", "title": "Cat tax", "url": "https://example.com/a", "score": 10,
           "comments": 2, "createdAt": "2026-11-21T10:00:00Z", "author": "me", "attributes": {"flair": "OC", "rank": 1}},
          {"id": "b", "community": "cats", "title": "Box cat", "score": 50, "createdAt": "2026-11-21T11:00:00Z", "nsfw": false}
        ]
        """);
    List<Trend> trends = source.fetch(TrendQuery.of("cats"));
    assertThat(trends).extracting(Trend::id).containsExactly("b", "a");
    Trend a = trends.get(1);
    assertThat(a.source()).isEqualTo("file");
    assertThat(a.url()).isEqualTo(URI.create("https://example.com/a"));
    assertThat(a.comments()).isEqualTo(2);
    assertThat(a.attributes()).containsEntry("author", "me").containsEntry("flair", "OC").containsEntry("rank", "1");
  }

  @Test
  void reads_json_lines_skipping_blank_and_comment_lines() throws IOException {
    FileTrendSource source = source("trends.jsonl", """
        // my trends
        {"id": "1", "community": "Java", "title": "Records", "score": 5, "createdAt": "2026-11-21T09:00:00Z"}

        {"id": "2", "community": "java", "title": "Loom", "score": 9, "createdAt": "2026-11-21T08:00:00Z"}
        {"id": "3", "community": "java", "title": "Old", "score": 99, "createdAt": "2026-11-01T08:00:00Z"}
        """);
    assertThat(source.fetch(TrendQuery.of("r/java"))).extracting(Trend::title).containsExactly("Loom", "Records");
    assertThat(source.fetch(new TrendQuery(List.of("java"), 1, Duration.ofDays(60), false)))
        .extracting(Trend::title).containsExactly("Old");
  }

  @Test
  void a_trend_without_created_at_counts_from_the_files_modification_time() throws IOException {
    FileTrendSource source = source("t.jsonl", "{\"id\": \"1\", \"community\": \"cats\", \"title\": \"Nap\"}\n");
    Files.setLastModifiedTime(source.file(), FileTime.from(NOW.minus(Duration.ofHours(2))));
    assertThat(source.fetch(TrendQuery.of("cats"))).singleElement()
        .satisfies(t -> assertThat(t.createdAt()).isEqualTo(NOW.minus(Duration.ofHours(2))));
    Files.setLastModifiedTime(source.file(), FileTime.from(NOW.minus(Duration.ofDays(3))));
    assertThat(source.fetch(TrendQuery.of("cats"))).isEmpty();
  }

  @Test
  void names_the_file_line_and_field_of_every_bad_line() throws IOException {
    FileTrendSource source = source("bad.jsonl", """
        {"id": "1", "community": "cats", "title": "fine"}
        {"id": "2", "title": "no community"}
        {"id": "3", "community": "cats", "title": "bad score", "score": -4}
        {"id": "4", "community": "cats", "title": "bad time", "createdAt": "yesterday"}
        {"id": "5", "community": "cats", "title": "x", "url": "not a url"}
        {"id": 6, "community": "cats", "title": "number id", "colour": "red"}
        {"id": "7", "community": "cats", "title": "broken"
        ["not", "an", "object"]
        """);
    assertThatThrownBy(() -> source.fetch(TrendQuery.of("cats")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bad.jsonl")
        .satisfies(e -> assertThat(((ValidationException) e).errors())
            .extracting(ValidationException.FieldError::field)
            .containsExactly("line 2 community", "line 3 score", "line 4 createdAt", "line 5 url", "line 6 id",
                "line 6 colour", "line 7 json", "line 8 json"))
        .hasMessageContaining("line 2 community: is required")
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void names_the_line_of_a_syntax_error_in_a_json_array() throws IOException {
    FileTrendSource source = source("bad.json", """
        [
          {"id": "a", "community": "cats", "title": "ok"},
          {"id": "b", "community": "cats" "title": "missing comma"}
        ]
        """);
    assertThatThrownBy(() -> source.fetch(TrendQuery.of("cats")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("line 3 json: malformed JSON");
  }

  @Test
  void names_the_element_line_of_a_missing_field_in_a_json_array() throws IOException {
    FileTrendSource source = source("missing.json", """
        [
          {"id": "a", "community": "cats", "title": "ok"},
          {"id": "b",
           "community": "cats"}
        ]
        """);
    assertThatThrownBy(() -> source.fetch(TrendQuery.of("cats")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("line 3 title: is required");
  }

  @Test
  void rejects_a_repeated_id() throws IOException {
    FileTrendSource source = source("dup.jsonl", """
        {"id": "1", "community": "cats", "title": "a"}
        {"id": "1", "community": "dogs", "title": "b"}
        """);
    assertThatThrownBy(() -> source.fetch(TrendQuery.of("cats")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'1' appears more than once");
  }

  @Test
  void reads_the_file_again_when_it_changes() throws IOException {
    FileTrendSource source = source("live.jsonl", "{\"id\": \"1\", \"community\": \"cats\", \"title\": \"first\"}\n");
    Files.setLastModifiedTime(source.file(), FileTime.from(NOW.minusSeconds(60)));
    assertThat(source.fetch(TrendQuery.of("cats"))).extracting(Trend::title).containsExactly("first");
    Files.writeString(source.file(), "{\"id\": \"1\", \"community\": \"cats\", \"title\": \"first\"}\n"
        + "{\"id\": \"2\", \"community\": \"cats\", \"title\": \"second\", \"score\": 7}\n");
    Files.setLastModifiedTime(source.file(), FileTime.from(NOW.minusSeconds(30)));
    assertThat(source.fetch(TrendQuery.of("cats"))).extracting(Trend::title).containsExactly("second", "first");
  }

  @Test
  void an_unknown_community_lists_the_files_communities() throws IOException {
    FileTrendSource source = source("t.jsonl", "{\"id\": \"1\", \"community\": \"cats\", \"title\": \"a\"}\n");
    assertThatThrownBy(() -> source.fetch(TrendQuery.of("dogs")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'dogs'")
        .hasMessageContaining("its communities: cats");
  }

  @Test
  void a_missing_file_names_the_path_and_the_key() {
    FileTrendSource source = new FileTrendSource(dir.resolve("nope.json"), clock);
    assertThatThrownBy(() -> source.fetch(TrendQuery.of("cats")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("nope.json")
        .hasMessageContaining("clouvel.file.path");
  }

  @Test
  void the_factory_reads_the_path_from_configuration() throws IOException {
    Path file = dir.resolve("c.jsonl");
    Files.writeString(file, "{\"id\": \"1\", \"community\": \"cats\", \"title\": \"a\"}\n");
    var config = ClouvelConfig.fromMap(Map.of("clouvel.file.path", file.toString()));
    var created = new FileTrendSourceFactory().create(config.forProvider("file"));
    assertThat(created.fetch(TrendQuery.of("cats"))).hasSize(1);
  }
}
