package ai.clouvel.sdk.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.InvalidContentException;
import ai.clouvel.sdk.exception.OutcomeUnknownException;
import ai.clouvel.sdk.exception.ProviderAuthException;
import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ProviderRateLimitException;
import ai.clouvel.sdk.exception.ValidationException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpSupportTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final RecordingSleeper sleeper = new RecordingSleeper();
  HttpSupport http;
  String base;

  @BeforeEach
  void setUp() {
    // Providers read their base URL from configuration; here it points at WireMock.
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of(
        "clouvel.acme.base-url", wm.baseUrl(),
        HttpSupport.READ_TIMEOUT, "5s",
        HttpSupport.MAX_ATTEMPTS, "3",
        HttpSupport.MAX_RETRY_WAIT, "30s"));
    http = HttpSupport.builder().config(config).clock(clock).sleeper(sleeper).build();
    ProviderConfig provider = new ProviderConfig("acme", config, clock, http);
    base = provider.uri("base-url", URI.create("https://api.acme.example")).toString();
  }

  @AfterEach
  void tearDown() {
    http.close();
  }

  /** A support whose reads time out after 300 ms, for the timeout tests (the server delays 2 s). */
  private HttpSupport impatient() {
    return HttpSupport.builder().readTimeout(Duration.ofMillis(300)).clock(clock).sleeper(sleeper).build();
  }

  private HttpRequest.Builder getItems() {
    return HttpRequest.get("acme", base + "/v1/items").endpoint("GET /v1/items");
  }

  private HttpRequest.Builder postItem() {
    return HttpRequest.post("acme", base + "/v1/items").endpoint("POST /v1/items").jsonBody(Map.of("title", "Mug"));
  }

  private static void sequence(String path, boolean post, ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      var mapping = (post ? post(urlPathEqualTo(path)) : get(urlPathEqualTo(path)))
          .inScenario(path)
          .whenScenarioStateIs(i == 0 ? STARTED : "step-" + i)
          .willReturn(responses[i]);
      if (i + 1 < responses.length) {
        mapping = mapping.willSetStateTo("step-" + (i + 1));
      }
      wm.stubFor(mapping);
    }
  }

  @Test
  void retries_429_after_the_retry_after_wait_then_succeeds() {
    sequence("/v1/items", false,
        aResponse().withStatus(429).withHeader("Retry-After", "7"),
        okJson("{\"items\":[1,2]}"));

    HttpResponse response = http.execute(getItems().build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("items")).hasSize(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void really_waits_a_short_retry_after_with_the_system_sleeper() {
    sequence("/v1/items", false,
        aResponse().withStatus(429).withHeader("Retry-After", "1"),
        okJson("{\"ok\":true}"));
    try (HttpSupport real = HttpSupport.builder().build()) {
      long start = System.nanoTime();
      HttpResponse response = real.execute(getItems().build());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(response.json().path("ok").asBoolean()).isTrue();
      assertThat(took).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
    }
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void retries_503_once_then_succeeds() {
    sequence("/v1/items", false, aResponse().withStatus(503), okJson("{\"n\":1}"));

    HttpResponse response = http.execute(getItems().build());

    assertThat(response.json().path("n").asInt()).isEqualTo(1);
    assertThat(sleeper.waits).hasSize(1);
    // Exponential backoff with jitter: half to all of the 500 ms initial wait.
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void backs_off_exponentially_and_gives_up_after_max_attempts() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(502).withHeader("x-request-id", "req-502")));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> http.execute(getItems().build()));

    assertThat(e).isExactlyInstanceOf(ProviderException.class);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(502);
    assertThat(e.requestId()).isEqualTo("req-502");
    assertThat(e.getMessage()).contains("[acme]", "GET /v1/items", "HTTP 502", "after 3 attempts", "request-id=req-502");
    assertThat(sleeper.waits).hasSize(2);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(sleeper.waits.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    wm.verify(3, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void an_interrupt_while_waiting_stops_retrying_and_keeps_the_interrupt_flag() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(503)));
    ProviderException e;
    try (HttpSupport interrupted = HttpSupport.builder().sleeper(d -> {
      throw new InterruptedException();
    }).build()) {
      e = catchThrowableOfType(ProviderException.class, () -> interrupted.execute(getItems().build()));
    }

    assertThat(Thread.interrupted()).isTrue();
    assertThat(e.getMessage()).contains("Interrupted", "GET /v1/items");
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void never_retries_a_post_without_idempotency_key() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(503)));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> http.execute(postItem().build()));

    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.isRetryable()).isTrue();
    assertThat(sleeper.waits).isEmpty();
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void okhttp_does_not_resend_a_post_without_key_on_408_or_503_with_retry_after_zero() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(408)));
    ProviderException timeout = catchThrowableOfType(ProviderException.class, () -> http.execute(postItem().build()));
    assertThat(timeout.httpStatus()).isEqualTo(408);
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/items")));

    wm.resetRequests();
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));
    ProviderException unavailable = catchThrowableOfType(ProviderException.class, () -> http.execute(postItem().build()));
    assertThat(unavailable.httpStatus()).isEqualTo(503);
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void retries_a_post_with_idempotency_key_sending_the_same_key_every_time() {
    sequence("/v1/items", true,
        aResponse().withStatus(500),
        aResponse().withStatus(503),
        okJson("{\"id\":\"it_1\"}").withStatus(201));

    HttpResponse response = http.execute(postItem().idempotencyKey("task-7:list:zazzle").build());

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.json().path("id").asText()).isEqualTo("it_1");
    wm.verify(3, postRequestedFor(urlPathEqualTo("/v1/items"))
        .withHeader("Idempotency-Key", equalTo("task-7:list:zazzle"))
        .withRequestBody(equalToJson("{\"title\":\"Mug\"}")));
  }

  @Test
  void sends_the_idempotency_key_in_the_header_the_provider_names() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(okJson("{}")));

    http.execute(postItem().idempotencyKey("k-1").idempotencyKeyHeader("X-Idempotency-Token").build());

    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/items")).withHeader("X-Idempotency-Token", equalTo("k-1")));
  }

  @Test
  void a_post_declared_idempotent_is_retried_and_a_put_declared_not_is_not() {
    sequence("/v1/items", true, aResponse().withStatus(502), okJson("{\"choices\":[]}"));
    assertThat(http.execute(postItem().idempotent(true).build()).status()).isEqualTo(200);
    wm.verify(2, postRequestedFor(urlPathEqualTo("/v1/items")));

    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlPathEqualTo("/v1/items/1"))
        .willReturn(aResponse().withStatus(502)));
    HttpRequest put = HttpRequest.put("acme", base + "/v1/items/1").idempotent(false).jsonBody(Map.of()).build();
    assertThatThrownBy(() -> http.execute(put)).isInstanceOf(OutcomeUnknownException.class);
    wm.verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlPathEqualTo("/v1/items/1")));
  }

  @Test
  void a_get_that_times_out_is_retried_then_fails_as_retryable_naming_the_endpoint() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{}").withFixedDelay(2000)));

    ProviderException e;
    try (HttpSupport impatient = impatient()) {
      e = catchThrowableOfType(ProviderException.class, () -> impatient.execute(getItems().build()));
    }

    assertThat(e).isExactlyInstanceOf(ProviderException.class);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.endpoint()).isEqualTo("GET /v1/items");
    assertThat(e.getMessage()).contains("[acme]", "GET /v1/items", "Timed out", "after 3 attempts");
    assertThat(e.getCause()).isInstanceOf(java.io.InterruptedIOException.class);
    wm.verify(3, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void a_post_without_key_that_times_out_is_outcome_unknown_after_exactly_one_request() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(okJson("{}").withFixedDelay(2000)));

    OutcomeUnknownException e;
    try (HttpSupport impatient = impatient()) {
      e = catchThrowableOfType(OutcomeUnknownException.class, () -> impatient.execute(postItem().build()));
    }

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("[acme]", "POST /v1/items", "reconcile");
    assertThat(sleeper.waits).isEmpty();
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void a_server_error_on_a_post_without_key_is_outcome_unknown() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(500)));

    OutcomeUnknownException e = catchThrowableOfType(OutcomeUnknownException.class, () -> http.execute(postItem().build()));

    assertThat(e.httpStatus()).isEqualTo(500);
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void a_refused_connection_is_retryable_and_not_outcome_unknown_since_nothing_was_sent() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    HttpRequest request = HttpRequest.post("acme", "http://127.0.0.1:" + closedPort + "/v1/items").build();

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> http.execute(request));

    assertThat(e).isExactlyInstanceOf(ProviderException.class);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("Could not connect", "nothing was sent");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void malformed_json_names_the_provider_and_endpoint() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{\"items\": [1, 2")));

    HttpResponse response = http.execute(getItems().build());
    ProviderException e = catchThrowableOfType(ProviderException.class, response::json);

    assertThat(e.getMessage()).contains("[acme]", "GET /v1/items", "malformed JSON");
    assertThat(e.providerId()).isEqualTo("acme");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void an_empty_body_where_json_was_expected_names_the_provider_and_endpoint() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(200)));

    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> http.execute(getItems().build()).as(JsonNode.class));

    assertThat(e.getMessage()).contains("[acme]", "GET /v1/items", "empty body");
  }

  @Test
  void an_html_page_where_json_was_expected_names_the_provider_and_endpoint() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withBody("<html><head><title>Our CDN was unable to reach our servers</title></head></html>")));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> http.execute(getItems().build()).json());

    assertThat(e.getMessage()).contains("[acme]", "GET /v1/items", "HTML page");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void an_unreadable_body_after_a_post_without_key_is_outcome_unknown() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(okJson("not json")));

    HttpResponse response = http.execute(postItem().build());

    assertThatThrownBy(response::json).isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("POST /v1/items");
  }

  record Item(String id, Instant created) {}

  @Test
  void reads_typed_values_and_reports_a_shape_mismatch_with_its_json_path() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson(
        "[{\"id\":\"a\",\"created\":\"2026-11-21T10:00:00Z\",\"unknown_field\":1}]")));

    List<Item> items = http.execute(getItems().build()).as(new TypeReference<List<Item>>() {});
    assertThat(items).containsExactly(new Item("a", Instant.parse("2026-11-21T10:00:00Z")));

    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("[{\"id\":\"a\",\"created\":\"yesterday\"}]")));
    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> http.execute(getItems().build()).as(new TypeReference<List<Item>>() {}));
    assertThat(e.getMessage()).contains("[acme]", "GET /v1/items", "$[0].created");
    assertThat(e.getMessage()).doesNotContain("yesterday");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void writes_json_bodies_with_iso_dates_and_without_nulls() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(okJson("{}")));
    record Draft(String title, Instant at, String missing) {}

    http.execute(HttpRequest.post("acme", base + "/v1/items")
        .jsonBody(new Draft("Mug", Instant.parse("2026-11-21T10:00:00Z"), null)).build());

    wm.verify(postRequestedFor(urlPathEqualTo("/v1/items"))
        .withHeader("Content-Type", matching("application/json.*"))
        .withRequestBody(equalToJson("{\"title\":\"Mug\",\"at\":\"2026-11-21T10:00:00Z\"}")));
  }

  @Test
  void unauthorized_and_forbidden_are_auth_exceptions() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withHeader("request-id", "req_123")
        .withBody("{\"error\":{\"message\":\"Invalid API key provided\"}}")));

    ProviderAuthException e = catchThrowableOfType(ProviderAuthException.class, () -> http.execute(getItems().build()));

    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.requestId()).isEqualTo("req_123");
    assertThat(e.getMessage()).contains("Invalid API key provided", "request-id=req_123");
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/items")));

    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(403)));
    assertThatThrownBy(() -> http.execute(getItems().build())).isInstanceOf(ProviderAuthException.class);
  }

  @Test
  void a_rejected_body_is_invalid_content_and_a_bad_query_is_a_plain_provider_exception() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"errors\":[{\"message\":\"title is too long\"}]}")));
    InvalidContentException invalid = catchThrowableOfType(InvalidContentException.class, () -> http.execute(postItem().build()));
    assertThat(invalid.getMessage()).contains("title is too long", "POST /v1/items", "HTTP 400");
    assertThat(invalid.isRetryable()).isFalse();

    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(400)));
    ProviderException bad = catchThrowableOfType(ProviderException.class, () -> http.execute(getItems().build()));
    assertThat(bad).isExactlyInstanceOf(ProviderException.class);
    assertThat(bad.isRetryable()).isFalse();

    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(422)));
    assertThatThrownBy(() -> http.execute(postItem().build())).isInstanceOf(InvalidContentException.class);
  }

  @Test
  void not_found_is_not_retried_unless_accepted() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(404)));

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> http.execute(getItems().build()));
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("Not found");

    assertThat(http.execute(getItems().accept(404).build()).status()).isEqualTo(404);
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void a_retry_after_beyond_the_cap_fails_at_once_with_retry_at() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    ProviderRateLimitException e = catchThrowableOfType(ProviderRateLimitException.class, () -> http.execute(getItems().build()));

    assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("Rate limited", "retry at 2026-11-21T13:00:00Z");
    assertThat(sleeper.waits).isEmpty();
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void a_retry_after_http_date_is_honoured() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atZone(ZoneOffset.UTC));
    sequence("/v1/items", false, aResponse().withStatus(503).withHeader("Retry-After", date), okJson("{}"));

    http.execute(getItems().build());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void reddit_x_ratelimit_reset_is_seconds_until_the_window_resets() {
    sequence("/v1/items", false,
        aResponse().withStatus(429).withHeader("x-ratelimit-remaining", "0.0").withHeader("x-ratelimit-reset", "4")
            .withHeader("x-ratelimit-used", "100"),
        okJson("{}"));

    http.execute(getItems().build());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(4));
  }

  @Test
  void x_rate_limit_reset_is_epoch_seconds_and_beyond_the_cap_gives_retry_at() {
    long reset = NOW.getEpochSecond() + 900;
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(429)
        .withHeader("x-rate-limit-limit", "300").withHeader("x-rate-limit-remaining", "0")
        .withHeader("x-rate-limit-reset", Long.toString(reset))));

    ProviderRateLimitException e = catchThrowableOfType(ProviderRateLimitException.class, () -> http.execute(getItems().build()));

    assertThat(e.retryAt()).isEqualTo(Instant.ofEpochSecond(reset));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void a_rate_limit_that_outlasts_the_attempts_is_a_rate_limit_exception() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));

    ProviderRateLimitException e = catchThrowableOfType(ProviderRateLimitException.class, () -> http.execute(getItems().build()));

    assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(2));
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    wm.verify(3, getRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void a_429_on_a_post_without_key_is_not_retried_but_says_when_to_try_again() {
    wm.stubFor(post(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5")));

    ProviderRateLimitException e = catchThrowableOfType(ProviderRateLimitException.class, () -> http.execute(postItem().build()));

    assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(5));
    wm.verify(1, postRequestedFor(urlPathEqualTo("/v1/items")));
  }

  @Test
  void sends_a_user_agent_naming_the_sdk_and_its_version_unless_the_request_sets_one() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{}")));

    http.execute(getItems().build());
    http.execute(getItems().header("User-Agent", "web:ai.clouvel.test:v1 (by /u/someone)").build());

    assertThat(http.userAgent()).matches("clouvel-sdk/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)");
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/items")).withHeader("User-Agent", equalTo(http.userAgent())));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1/items"))
        .withHeader("User-Agent", equalTo("web:ai.clouvel.test:v1 (by /u/someone)")));
  }

  @Test
  void exposes_request_id_and_rate_limit_headers_of_a_response() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{}")
        .withHeader("X-Request-Id", "abc-1").withHeader("x-ratelimit-remaining", "998.0")
        .withHeader("x-ratelimit-reset", "317")));

    HttpResponse response = http.execute(getItems().build());

    assertThat(response.requestId()).contains("abc-1");
    assertThat(response.header("X-REQUEST-ID")).contains("abc-1");
    assertThat(response.rateLimitRemaining()).hasValue(998.0);
    assertThat(response.rateLimitReset()).contains(NOW.plusSeconds(317));
  }

  @Test
  void a_per_request_timeout_overrides_the_shared_read_timeout() {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{\"slow\":true}").withFixedDelay(800)));

    HttpResponse response;
    try (HttpSupport impatient = impatient()) {
      response = impatient.execute(getItems().timeout(Duration.ofSeconds(10)).build());
    }

    assertThat(response.json().path("slow").asBoolean()).isTrue();
  }

  @Test
  void one_instance_serves_many_threads_at_once() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{\"ok\":true}")));
    int threads = 4;
    int callsEach = 10;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < callsEach; i++) {
            ok += http.execute(getItems().query("i", Integer.toString(i)).build()).json().path("ok").asBoolean() ? 1 : 0;
          }
          return ok;
        }));
      }
      int total = 0;
      for (var r : results) {
        total += r.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(threads * callsEach);
    } finally {
      pool.shutdownNow();
    }
    wm.verify(threads * callsEach, getRequestedFor(urlPathEqualTo("/v1/items")));
    assertThat(http.okHttpClient().connectionPool().connectionCount()).isBetween(1, threads);
  }

  @Test
  void closing_shuts_down_what_it_created_but_never_a_client_it_was_given() {
    HttpSupport own = HttpSupport.builder().build();
    OkHttpClient created = own.okHttpClient();
    own.close();
    assertThat(created.dispatcher().executorService().isShutdown()).isTrue();
    assertThatThrownBy(own::okHttpClient).hasMessageContaining("closed");

    OkHttpClient mine = new OkHttpClient();
    HttpSupport borrowing = HttpSupport.builder().okHttpClient(mine).build();
    OkHttpClient derived = borrowing.okHttpClient();
    borrowing.close();
    assertThat(derived.dispatcher()).isSameAs(mine.dispatcher());
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
    mine.dispatcher().executorService().shutdown();
  }

  @Test
  void reads_and_validates_the_configuration_keys() {
    HttpSupport configured = HttpSupport.fromConfig(ClouvelConfig.fromMap(Map.of(
        HttpSupport.CONNECT_TIMEOUT, "2s",
        HttpSupport.READ_TIMEOUT, "15s",
        HttpSupport.WRITE_TIMEOUT, "5s",
        HttpSupport.CALL_TIMEOUT, "PT45S",
        HttpSupport.MAX_ATTEMPTS, "5",
        HttpSupport.MAX_RETRY_WAIT, "2m",
        HttpSupport.INITIAL_BACKOFF, "100ms")), clock);
    assertThat(configured.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(configured.readTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(configured.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(configured.callTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(configured.maxAttempts()).isEqualTo(5);
    assertThat(configured.maxRetryWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(configured.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    configured.close();

    HttpSupport defaults = HttpSupport.fromConfig(ClouvelConfig.empty(), clock);
    assertThat(defaults.connectTimeout()).isEqualTo(HttpSupport.DEFAULT_CONNECT_TIMEOUT);
    assertThat(defaults.maxAttempts()).isEqualTo(3);
    defaults.close();

    assertThatThrownBy(() -> HttpSupport.fromConfig(ClouvelConfig.fromMap(Map.of(HttpSupport.MAX_ATTEMPTS, "0")), clock))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(HttpSupport.MAX_ATTEMPTS).hasMessageContaining("CLOUVEL_HTTP_MAX_ATTEMPTS");
    assertThatThrownBy(() -> HttpSupport.fromConfig(ClouvelConfig.fromMap(Map.of(HttpSupport.READ_TIMEOUT, "0s")), clock))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(HttpSupport.READ_TIMEOUT);
    assertThatThrownBy(() -> HttpSupport.fromConfig(ClouvelConfig.fromMap(Map.of(HttpSupport.CALL_TIMEOUT, "soon")), clock))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(HttpSupport.CALL_TIMEOUT);
    assertThatThrownBy(() -> HttpSupport.builder().maxRetryWait(Duration.ofSeconds(-1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("maxRetryWait");
  }

  @Test
  void rejects_invalid_requests_naming_the_field() {
    assertThatThrownBy(() -> HttpRequest.get("acme", "not a url").build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("url");
    assertThatThrownBy(() -> HttpRequest.get("acme", base).jsonBody(Map.of()).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("body");
    assertThatThrownBy(() -> HttpRequest.get("Acme Corp", base))
        .isInstanceOf(ValidationException.class).hasMessageContaining("providerId");
    assertThatThrownBy(() -> http.execute(HttpRequest.get("acme", base).header("X-Bad", "line\nbreak").build()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("header.X-Bad");
  }
}
