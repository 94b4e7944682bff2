package ai.clouvel.sdk.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays real Reddit responses recorded by PRAW's integration tests
 * ({@code shared/fixtures/praw}, BSD-2-Clause) through the client: status, headers and body as
 * recorded.
 */
class RedditFixtureReplayTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Instant NOW = Instant.parse("2026-06-13T07:04:41Z");

  static Path fixtures() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate : List.of(dir.resolve("shared/fixtures/praw"), dir.resolve("../shared/fixtures/praw"))) {
        if (Files.isDirectory(candidate)) {
          return candidate.normalize();
        }
      }
    }
    Path work = Path.of("/work/shared/fixtures/praw");
    assumeTrue(Files.isDirectory(work), "shared/fixtures/praw is not beside the checkout");
    return work;
  }

  /** Reads interaction {@code index} of a cassette and stubs its response at {@code path}. */
  static JsonNode replay(String cassette, int index, String path) throws IOException {
    JsonNode interaction = new ObjectMapper().readTree(fixtures().resolve(cassette).toFile())
        .path("interactions").get(index);
    JsonNode recorded = interaction.path("response");
    ResponseDefinitionBuilder response = aResponse()
        .withStatus(recorded.path("status").path("code").asInt())
        .withBody(recorded.path("body").path("string").asText());
    for (Map.Entry<String, JsonNode> h : recorded.path("headers").properties()) {
      String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
      if (name.equals("content-length") || name.equals("connection") || name.equals("content-encoding")) {
        continue; // WireMock frames the body itself
      }
      for (JsonNode v : h.getValue()) {
        response = response.withHeader(h.getKey(), v.asText());
      }
    }
    wm.stubFor(get(urlPathEqualTo(path)).willReturn(response));
    return interaction;
  }

  record Listing(String kind, Data data) {
    record Data(String after, List<Child> children) {}

    record Child(String kind, Post data) {}

    record Post(String id, String title, String subreddit, int score, @JsonProperty("num_comments") int numComments,
        @JsonProperty("created_utc") double createdUtc) {}
  }

  @Test
  void parses_a_recorded_hot_listing_into_typed_records() throws IOException {
    JsonNode recorded = replay("TestSubredditListings.test_hot.json", 1, "/r/askreddit/hot");
    List<String> recordedIds = new java.util.ArrayList<>();
    new ObjectMapper().readTree(recorded.path("response").path("body").path("string").asText())
        .path("data").path("children").forEach(c -> recordedIds.add(c.path("data").path("id").asText()));
    try (HttpSupport http = HttpSupport.builder().build()) {
      HttpResponse response = http.execute(HttpRequest.get("reddit", wm.baseUrl() + "/r/askreddit/hot")
          .endpoint("GET /r/{sub}/hot").query("raw_json", "1").query("limit", "100").build());

      Listing listing = response.as(Listing.class);

      assertThat(listing.kind()).isEqualTo("Listing");
      assertThat(listing.data().children()).extracting(c -> c.data().id()).containsExactlyElementsOf(recordedIds);
      assertThat(recordedIds).hasSizeGreaterThanOrEqualTo(100);
      assertThat(listing.data().children()).allSatisfy(c -> {
        assertThat(c.kind()).isEqualTo("t3");
        assertThat(c.data().subreddit()).isEqualToIgnoringCase("AskReddit");
        assertThat(c.data().id()).isNotBlank();
      });
      // The recorded response went through Cloudflare: its ray id stands in for a request id.
      assertThat(response.requestId()).contains("27cb4b44c23539c4-PHX");
    }
  }

  @Test
  void reads_reddit_rate_limit_headers_from_a_recorded_response() throws IOException {
    replay("TestAnnouncementHelper.test_call__pagination.json", 1, "/api/announcements/v1");
    try (HttpSupport http = HttpSupport.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      HttpResponse response = http.execute(HttpRequest.get("reddit", wm.baseUrl() + "/api/announcements/v1")
          .query("limit", "2").build());

      assertThat(response.rateLimitRemaining()).hasValue(999.0);
      assertThat(response.rateLimitReset()).contains(NOW.plusSeconds(318));
      assertThat(response.json().path("data")).hasSize(2);
      assertThat(response.json().path("after").asText()).isEqualTo("ann_9t2lx3");
    }
  }
}
