package ai.clouvel.sdk.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.clouvel.sdk.config.Secret;
import ai.clouvel.sdk.exception.ProviderException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** No credential reaches a log event or an exception message, at DEBUG, on retries and on failures. */
class HttpRedactionTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String BEARER = "sk-live-4f8a1c0e9b7d6a5f3e2d1c0b";
  static final String QUERY_TOKEN = "qt-71c3a9e0d2b4f6a8c0e1d3f5";
  static final String CLIENT_SECRET = "cs-9e8d7c6b5a4f3e2d1c0b9a8f";
  static final String API_KEY = "ak-0a1b2c3d4e5f6a7b8c9d0e1f";
  static final String ISSUED_TOKEN = "at-5d4c3b2a1f0e9d8c7b6a5f4e";
  static final String PASSWORD = "pw-hunter2-hunter2-hunter2";
  static final List<String> SECRETS = List.of(BEARER, QUERY_TOKEN, CLIENT_SECRET, API_KEY, ISSUED_TOKEN, PASSWORD);

  final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger("ai.clouvel.sdk.http");
  Level previous;
  HttpSupport http;
  final List<Throwable> thrown = new ArrayList<>();

  @BeforeEach
  void capture() {
    previous = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // keep the DEBUG lines off the console
    appender.start();
    logger.addAppender(appender);
    http = HttpSupport.builder().sleeper(new RecordingSleeper()).build();
  }

  @AfterEach
  void release() {
    http.close();
    logger.detachAppender(appender);
    logger.setLevel(previous);
    logger.setAdditive(true);
  }

  private void call(HttpRequest request) {
    try {
      http.execute(request).json();
    } catch (ProviderException e) {
      thrown.add(e);
    }
  }

  @Test
  void no_secret_reaches_a_log_event_or_an_exception_message() {
    // A token endpoint: client secret in the form, issued tokens in the response.
    wm.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson(
        "{\"access_token\":\"" + ISSUED_TOKEN + "\",\"refresh_token\":\"" + ISSUED_TOKEN + "\",\"expires_in\":3600}")));
    // An endpoint that fails and echoes what it was sent.
    wm.stubFor(get(urlPathEqualTo("/v1/me")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withHeader("Set-Cookie", "session=" + ISSUED_TOKEN)
        .withBody("{\"error\":\"invalid_token\",\"error_description\":\"token " + QUERY_TOKEN
            + " expired; Authorization: Bearer " + BEARER + "\",\"api_key\":\"" + API_KEY + "\"}")));
    wm.stubFor(get(urlPathEqualTo("/v1/flaky")).willReturn(aResponse().withStatus(503)
        .withBody("upstream said access_token=" + ISSUED_TOKEN)));
    wm.stubFor(post(urlPathEqualTo("/v1/login")).willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/json").withBody("{\"password\":\"" + PASSWORD + "\"}")));

    call(HttpRequest.post("acme", wm.baseUrl() + "/oauth/token")
        .basicAuth("client-id", Secret.of(CLIENT_SECRET))
        .form("grant_type", "client_credentials")
        .form("client_secret", CLIENT_SECRET)
        .idempotent(true)
        .build());
    call(HttpRequest.get("acme", wm.baseUrl() + "/v1/me?access_token=" + QUERY_TOKEN)
        .bearer(Secret.of(BEARER))
        .header("X-Api-Key", Secret.of(API_KEY))
        .query("token", QUERY_TOKEN)
        .build());
    call(HttpRequest.get("acme", wm.baseUrl() + "/v1/flaky")
        .header("Authorization", "Bearer " + BEARER)
        .query("api_key", Secret.of(API_KEY))
        .build());
    call(HttpRequest.post("acme", wm.baseUrl() + "/v1/login")
        .jsonBody(Map.of("user", "someone", "password", PASSWORD, "client_secret", CLIENT_SECRET))
        .build());

    // The calls really carried the credentials.
    wm.verify(postRequestedFor(urlPathEqualTo("/oauth/token")).withHeader("Authorization", equalTo(
        okhttp3.Credentials.basic("client-id", CLIENT_SECRET))));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1/me")).withHeader("Authorization", equalTo("Bearer " + BEARER))
        .withHeader("X-Api-Key", equalTo(API_KEY)).withQueryParam("token", equalTo(QUERY_TOKEN)));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1/flaky")).withQueryParam("api_key", equalTo(API_KEY)));

    assertThat(thrown).hasSize(3);
    assertThat(appender.list).extracting(ILoggingEvent::getLevel).contains(Level.DEBUG, Level.WARN);
    String logs = String.join("\n", appender.list.stream().map(HttpRedactionTest::render).toList());
    assertThat(logs).contains("/oauth/token", "/v1/me", "/v1/flaky", "/v1/login", "****", "grant_type=client_credentials",
        "\"user\":\"someone\"");
    for (String secret : SECRETS) {
      assertThat(logs).as("log events").doesNotContain(secret);
      for (Throwable t : thrown) {
        assertThat(t.getMessage()).as("exception message").doesNotContain(secret);
        assertThat(t.toString()).doesNotContain(secret);
      }
    }
    assertThat(thrown.get(0).getMessage()).contains("[acme]", "GET /v1/me", "HTTP 401", "invalid_token");
  }

  @Test
  void requests_and_secrets_print_redacted() {
    HttpRequest request = HttpRequest.post("acme", "https://api.acme.example/v1/items")
        .bearer(Secret.of(BEARER))
        .form("client_secret", Secret.of(CLIENT_SECRET))
        .query("key", Secret.of(API_KEY))
        .build();

    assertThat(request.toString()).doesNotContain(BEARER, CLIENT_SECRET, API_KEY);
    assertThat(request.headers().toString()).doesNotContain(BEARER).contains("****");
    assertThat(request.body().toString()).doesNotContain(CLIENT_SECRET);
    assertThat(request.query().toString()).doesNotContain(API_KEY);
  }

  private static String render(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(e.getFormattedMessage());
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      sb.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return sb.toString();
  }
}
