package ai.clouvel.sdk.internal.http;

import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.http.HttpRequest;
import ai.clouvel.sdk.http.HttpResponse;
import ai.clouvel.sdk.http.Sleeper;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;

/**
 * Runs a request with retries through a resilience4j {@link Retry}: each try is a result
 * ({@link Attempt}) that says whether another try is wanted; resilience4j counts the tries and
 * decides when to stop. The wait between tries goes through the injected {@link Sleeper} (the
 * interval function waits and hands resilience4j a zero interval, since resilience4j's own sleep is
 * one static function for the whole JVM).
 *
 * <p>Retried: connection failures and timeouts, 408, 429, 500, 502, 503 and 504, and only for a
 * request that is {@link HttpRequest#retrySafe() safe to repeat}. On 429 and 503 the wait the
 * provider asked for ({@code Retry-After}, rate-limit reset) is honoured; when it is longer than
 * the cap, the call fails at once with a rate-limit exception carrying {@code retryAt}. Otherwise
 * the wait is exponential with jitter: half to all of {@code initialBackoff * 2^(n-1)}, at most the
 * cap.
 */
public final class HttpExecutor {
  /** Statuses worth another try (for requests safe to repeat). */
  static final Set<Integer> RETRY_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
  /** Bodies larger than this are refused; stream them with the OkHttp client instead. */
  public static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  private final Supplier<OkHttpClient> client;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final Duration maxRetryWait;
  private final Duration initialBackoff;
  private final Logger log;
  private final Retry retry;
  private final ErrorMapper errors;

  /**
   * @param client the shared client, created on first use
   * @param mapper the shared mapper
   * @param clock the clock for rate-limit times
   * @param sleeper waits between tries
   * @param maxAttempts tries per call, at least 1
   * @param maxRetryWait the longest wait between tries
   * @param initialBackoff the first backoff wait, doubled on each further try
   * @param log where retries are logged at WARN
   */
  public HttpExecutor(
      Supplier<OkHttpClient> client,
      ObjectMapper mapper,
      Clock clock,
      Sleeper sleeper,
      int maxAttempts,
      Duration maxRetryWait,
      Duration initialBackoff,
      Logger log) {
    this.client = client;
    this.mapper = mapper;
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxAttempts = maxAttempts;
    this.maxRetryWait = maxRetryWait;
    this.initialBackoff = initialBackoff;
    this.log = log;
    this.errors = new ErrorMapper(mapper);
    RetryConfig config = RetryConfig.<Attempt>custom()
        .maxAttempts(maxAttempts)
        .retryOnResult(Attempt::retryWanted)
        .retryOnException(e -> false)
        .failAfterMaxAttempts(false)
        .writableStackTraceEnabled(false)
        .intervalBiFunction(this::waitBeforeRetry)
        .build();
    this.retry = Retry.of("clouvel-http", config);
  }

  /** The resilience4j retry, for its metrics and events. */
  public Retry retry() {
    return retry;
  }

  /**
   * Sends the request, trying again where that is safe, and returns the response or throws.
   *
   * @throws ProviderException or a subtype for every failure
   */
  public HttpResponse execute(HttpRequest request) {
    Request okRequest = RequestWriter.write(request, mapper);
    OkHttpClient base = client.get();
    Duration timeout = request.timeout();
    OkHttpClient http = timeout == null
        ? base
        : base.newBuilder().readTimeout(timeout).writeTimeout(timeout).callTimeout(timeout).build();
    AtomicInteger tries = new AtomicInteger();
    Attempt last;
    try {
      last = retry.executeSupplier(() -> attempt(http, okRequest, request, tries.incrementAndGet()));
    } catch (Interrupted e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(request.providerId(), "Interrupted while waiting to retry", 0, request.endpoint(),
          null, null, true, e.getCause());
    }
    if (last.failure() == null && isSuccess(request, last.status())) {
      return new BufferedResponse(request.providerId(), request.endpoint(), last.status(), last.headers(), last.body(),
          last.contentType(), mapper, request.retrySafe(), clock);
    }
    throw errors.forFailure(request, last, maxRetryWait);
  }

  private static boolean isSuccess(HttpRequest request, int status) {
    return (status >= 200 && status < 300) || request.acceptedStatuses().contains(status);
  }

  private Attempt attempt(OkHttpClient http, Request okRequest, HttpRequest request, int number) {
    String label = "[" + request.providerId() + "] " + request.endpoint();
    try (Response response = http.newCall(okRequest).execute()) {
      byte[] body = read(response, request);
      int status = response.code();
      ResponseBody rb = response.body();
      if (isSuccess(request, status) || !RETRY_STATUSES.contains(status)) {
        return new Attempt(label, number, status, response.headers(), body, rb.contentType(), null, false, Duration.ZERO, null, false);
      }
      Optional<Duration> asked = status == 429 || status == 503
          ? RateLimitHeaders.requestedWait(response::header, clock)
          : RateLimitHeaders.retryAfter(response.header("Retry-After"), clock);
      Instant retryAt = asked.map(d -> clock.instant().plus(d)).orElse(null);
      boolean tooLong = asked.isPresent() && asked.get().compareTo(maxRetryWait) > 0;
      boolean retryWanted = request.retrySafe() && !tooLong;
      Duration wait = asked.orElseGet(() -> backoff(number));
      return new Attempt(label, number, status, response.headers(), body, rb.contentType(), null, retryWanted, wait, retryAt, tooLong);
    } catch (BodyTooLarge e) {
      throw new ProviderException(request.providerId(), "The response body is larger than " + (MAX_BODY_BYTES >> 20)
          + " MiB; stream it with HttpSupport.okHttpClient()", e.status, request.endpoint(), null, null, false, null);
    } catch (IOException e) {
      return Attempt.failed(label, number, e, request.retrySafe(), backoff(number));
    }
  }

  private static byte[] read(Response response, HttpRequest request) throws IOException {
    BufferedSource source = response.body().source();
    if (source.request(MAX_BODY_BYTES + 1)) {
      throw new BodyTooLarge(response.code());
    }
    return source.readByteArray();
  }

  /** Half to all of {@code initialBackoff * 2^(n-1)}, at most the cap. */
  Duration backoff(int attemptNumber) {
    long base = initialBackoff.toMillis();
    long cap = maxRetryWait.toMillis();
    long exp = base << Math.min(attemptNumber - 1, 20);
    long ceiling = Math.max(0, Math.min(exp, cap));
    long floor = ceiling / 2;
    long millis = ceiling <= floor ? ceiling : ThreadLocalRandom.current().nextLong(floor, ceiling + 1);
    return Duration.ofMillis(millis);
  }

  private Long waitBeforeRetry(Integer attemptsSoFar, Either<Throwable, Attempt> outcome) {
    if (outcome.isLeft()) {
      return 0L; // not reached: the supplier reports failures as results
    }
    Attempt a = outcome.get();
    log.warn("{}: {}; retrying in {} ms (attempt {} of {})",
        a.label(), a.reason(), a.delay().toMillis(), a.number() + 1, maxAttempts);
    try {
      sleeper.sleep(a.delay());
    } catch (InterruptedException e) {
      throw new Interrupted(e);
    }
    return 0L;
  }

  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted(InterruptedException cause) {
      super(cause);
    }
  }

  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    BodyTooLarge(int status) {
      super("response body too large");
      this.status = status;
    }
  }
}
