package ai.clouvel.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  private Optional<Duration> wait(Map<String, String> headers) {
    return RateLimitHeaders.requestedWait(headers::get, clock);
  }

  @Test
  void retry_after_in_seconds_decimals_and_http_dates() {
    assertThat(RateLimitHeaders.retryAfter("120", clock)).contains(Duration.ofSeconds(120));
    assertThat(RateLimitHeaders.retryAfter(" 1.5 ", clock)).contains(Duration.ofMillis(1500));
    assertThat(RateLimitHeaders.retryAfter("Sat, 21 Nov 2026 12:01:30 GMT", clock)).contains(Duration.ofSeconds(90));
    assertThat(RateLimitHeaders.retryAfter("Sat, 21 Nov 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
  }

  @Test
  void ignores_values_it_cannot_read() {
    assertThat(RateLimitHeaders.retryAfter("soon", clock)).isEmpty();
    assertThat(RateLimitHeaders.retryAfter("-5", clock)).isEmpty();
    assertThat(RateLimitHeaders.retryAfter("", clock)).isEmpty();
    assertThat(RateLimitHeaders.retryAfter(null, clock)).isEmpty();
    assertThat(wait(Map.of("x-ratelimit-reset", "a while"))).isEmpty();
    assertThat(wait(Map.of("x-rate-limit-reset", "99999999999999999999999"))).isEmpty();
  }

  @Test
  void reddit_reset_is_seconds_until_the_window_resets() {
    assertThat(wait(Map.of("x-ratelimit-remaining", "0.0", "x-ratelimit-reset", "318", "x-ratelimit-used", "1000")))
        .contains(Duration.ofSeconds(318));
  }

  @Test
  void x_reset_is_epoch_seconds() {
    long epoch = NOW.getEpochSecond() + 61;
    assertThat(wait(Map.of("x-rate-limit-remaining", "0", "x-rate-limit-reset", Long.toString(epoch))))
        .contains(Duration.ofSeconds(61));
    assertThat(RateLimitHeaders.reset(Map.of("x-rate-limit-reset", Long.toString(epoch))::get, clock))
        .contains(Instant.ofEpochSecond(epoch));
  }

  @Test
  void a_reset_in_the_past_means_retry_now() {
    long past = NOW.getEpochSecond() - 10;
    assertThat(wait(Map.of("x-rate-limit-reset", Long.toString(past)))).contains(Duration.ZERO);
  }

  @Test
  void retry_after_wins_over_reset_headers_and_retry_after_ms_is_read() {
    assertThat(wait(Map.of("retry-after", "3", "x-ratelimit-reset", "300"))).contains(Duration.ofSeconds(3));
    assertThat(wait(Map.of("retry-after-ms", "250"))).contains(Duration.ofMillis(250));
  }

  @Test
  void a_reset_is_not_a_wait_while_calls_remain_in_the_window() {
    assertThat(wait(Map.of("x-ratelimit-remaining", "12", "x-ratelimit-reset", "300"))).isEmpty();
    assertThat(wait(Map.of("x-ratelimit-reset", "300"))).contains(Duration.ofSeconds(300));
  }

  @Test
  void reads_the_remaining_count() {
    assertThat(RateLimitHeaders.remaining(Map.of("x-ratelimit-remaining", "998.0")::get)).hasValue(998.0);
    assertThat(RateLimitHeaders.remaining(Map.of("ratelimit-remaining", "7")::get)).hasValue(7.0);
    assertThat(RateLimitHeaders.remaining(Map.<String, String>of()::get)).isEmpty();
  }
}
