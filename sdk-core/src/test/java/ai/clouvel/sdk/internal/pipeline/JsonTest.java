package ai.clouvel.sdk.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.model.Asset;
import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.Usage;
import ai.clouvel.sdk.pipeline.RunReport;
import ai.clouvel.sdk.pipeline.Stage;
import ai.clouvel.sdk.queue.TaskId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final Instant AT = Instant.parse("2024-05-06T07:08:09.123456789Z");
  private final Trend trend = new Trend("t1", "reddit", "java", "A \"quoted\" trend", URI.create("https://r.example/t1"),
      10, 2, AT, false, Map.of("k", "v"));
  private final Content content = new Content("idea", "Title", "Desc", Map.of("reddit", "Copy #ad"), List.of("mug"),
      "prompt", Asset.ofUrl("art.png", "image/png", URI.create("https://img.example/a.png")), Usage.none("m"));
  private final Listing listing = new Listing("shop", "p1", URI.create("https://shop.example/p1"),
      URI.create("https://shop.example/p1?utm_source=x"), AT.plusSeconds(1));
  private final Publication publication = new Publication("outbox", "reddit", "post1",
      URI.create("https://social.example/1"), AT.plusSeconds(2), "default:1:publish:outbox:java");

  @Test
  void a_value_written_with_parts_already_written_is_the_same_text_as_written_whole() {
    Map<Object, String> written = new IdentityHashMap<>();
    for (Object part : List.of(trend, content, listing)) {
      written.put(part, Json.write(part));
    }
    Checked checked = new Checked(content, 1);
    assertThat(Json.write(checked, written)).isEqualTo(Json.write(checked));

    Map<Stage, Duration> timings = new LinkedHashMap<>();
    timings.put(Stage.DISCOVER, Duration.ofMillis(3));
    timings.put(Stage.PUBLISH, Duration.ofNanos(123));
    RunReport report = new RunReport(new TaskId(7), "SPONSORED_POST", "default", null, trend, content, 1, listing,
        List.of(publication), List.of(new RunReport.ScheduledPost(new TaskId(8), "x", null, AT)), timings, AT);
    String whole = Json.write(report);
    assertThat(Json.write(report, written)).isEqualTo(whole);
    assertThat(Json.readCheckpoint(Json.write(report, written), RunReport.class, "record")).isEqualTo(report);

    // A part is taken by identity only: an equal value of its own is written again.
    Map<Object, String> other = new IdentityHashMap<>();
    other.put(new Trend("t1", "reddit", "java", "A \"quoted\" trend", URI.create("https://r.example/t1"), 10, 2, AT,
        false, Map.of("k", "v")), "{\"not\":\"used\"}");
    assertThat(Json.write(report, other)).isEqualTo(whole);
    // And where it is taken, its text is the one given.
    Map<Object, String> marked = new IdentityHashMap<>();
    marked.put(trend, "{\"marked\":true}");
    assertThat(Json.write(report, marked)).contains("\"trend\":{\"marked\":true}");
  }

  @Test
  void instants_are_written_as_iso_instant_text() throws Exception {
    ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    List<Instant> edges = List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1), Instant.parse("1969-12-31T23:59:59.5Z"),
        Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2024-02-29T12:00:00.010Z"),
        Instant.parse("2024-02-29T00:00:00.100000001Z"));
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      Instant t = i < edges.size() ? edges.get(i) : Instant.ofEpochSecond(
          random.nextLong() % 400_000_000_000L, switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          });
      assertThat(Json.isoInstant(t)).isEqualTo(t.toString());
      assertThat(Json.write(new Stamp(t))).isEqualTo(jackson.writeValueAsString(new Stamp(t)));
    }
  }

  record Stamp(Instant at) {}
}
