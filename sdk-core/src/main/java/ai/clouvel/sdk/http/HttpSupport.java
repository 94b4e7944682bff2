package ai.clouvel.sdk.http;

import ai.clouvel.sdk.Beta;
import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.internal.http.HttpExecutor;
import ai.clouvel.sdk.internal.http.LoggingInterceptor;
import ai.clouvel.sdk.internal.http.NoResendInterceptor;
import ai.clouvel.sdk.internal.http.SdkVersion;
import ai.clouvel.sdk.internal.http.UserAgentInterceptor;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP support every provider shares within one {@link ai.clouvel.sdk.Clouvel} instance: one
 * OkHttp client (connection pool, dispatcher, timeouts, a {@code User-Agent} such as
 * {@code clouvel-sdk/0.1.0 (Java 17.0.15)}), one Jackson mapper, and
 * {@link #execute(HttpRequest)}, which sends a request, retries where that is safe and maps
 * failures onto the {@link ai.clouvel.sdk.exception.ProviderException} tree.
 *
 * <pre>{@code
 * HttpResponse res = config.http().execute(
 *     HttpRequest.post("x", baseUrl + "/2/tweets")
 *         .endpoint("POST /2/tweets")
 *         .bearer(token)
 *         .jsonBody(Map.of("text", text))
 *         .idempotencyKey(key)          // now safe to retry: every attempt carries the same key
 *         .build());
 * String id = res.json().path("data").path("id").asText();
 * }</pre>
 *
 * <h2>Retries</h2>
 * Only a request that is safe to repeat is retried: {@code GET}, {@code HEAD}, {@code PUT},
 * {@code DELETE}, {@code OPTIONS}, or any request with an idempotency key (or declared
 * {@link HttpRequest.Builder#idempotent(boolean) idempotent}); a {@code POST} or {@code PATCH}
 * without one is sent exactly once (OkHttp's own silent re-sends, after a 408, a dropped
 * connection or a 503 with {@code Retry-After: 0}, are prevented for it too). Retried: connection failures, timeouts, 408, 429, 500, 502,
 * 503, 504, up to {@code max-attempts} tries. On 429 and 503 the wait the provider asks for is
 * honoured: {@code Retry-After} (seconds or HTTP-date), {@code retry-after-ms}, or the rate-limit
 * reset once the window is used up ({@code x-ratelimit-reset}, seconds until reset, as Reddit sends
 * it; {@code x-rate-limit-reset}, epoch seconds, as X sends it). If that wait is longer than
 * {@code max-retry-wait}, the call fails at once with a
 * {@link ai.clouvel.sdk.exception.ProviderRateLimitException} whose {@code retryAt()} lets the task
 * queue reschedule. Other waits back off exponentially with jitter.
 *
 * <h2>Errors</h2>
 * 401/403: {@link ai.clouvel.sdk.exception.ProviderAuthException}; 429 (after retries):
 * {@link ai.clouvel.sdk.exception.ProviderRateLimitException}; 422, 413 and 400 on a request with a
 * body: {@link ai.clouvel.sdk.exception.InvalidContentException}; other 4xx: non-retryable
 * {@link ai.clouvel.sdk.exception.ProviderException}; 5xx: retryable, except that a 500/502/504 or
 * a timeout on a request that is not safe to repeat gives
 * {@link ai.clouvel.sdk.exception.OutcomeUnknownException} (reconcile by reading). Messages name
 * the provider, endpoint, status and upstream request id, with a short redacted excerpt of the
 * provider's error message; never a credential or a request body.
 *
 * <h2>Configuration</h2>
 * Read by {@link Builder#config(ClouvelConfig)} (durations as {@code 30s}, {@code 250ms} or
 * ISO-8601):
 * <ul>
 *   <li>{@value #CONNECT_TIMEOUT}: time to open a connection; default 10 s;
 *   <li>{@value #READ_TIMEOUT}: longest silence while reading a response; default 30 s;
 *   <li>{@value #WRITE_TIMEOUT}: longest stall while sending a request; default 30 s;
 *   <li>{@value #CALL_TIMEOUT}: whole attempt, from connecting to the end of the body; default 60 s;
 *   <li>{@value #MAX_ATTEMPTS}: tries per call including the first, 1 to 10; default 3;
 *   <li>{@value #MAX_RETRY_WAIT}: longest wait between tries; a provider asking for more fails the
 *       call at once with {@code retryAt}; default 30 s;
 *   <li>{@value #INITIAL_BACKOFF}: first backoff wait, doubled on each further try; default 500 ms.
 * </ul>
 *
 * <h2>Logging</h2>
 * Logger {@code ai.clouvel.sdk.http}: requests and responses at DEBUG, retries at WARN.
 * {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie},
 * key/token/secret-like headers and secret-looking query, form and JSON fields
 * ({@code access_token}, {@code client_secret}, {@code api_key}, {@code password}...) are shown as
 * {@code ****}; so is every value set from a {@link ai.clouvel.sdk.config.Secret}.
 *
 * <p>Thread-safe. Closing it shuts down the dispatcher threads and connection pool it created; a
 * client handed to {@link Builder#okHttpClient(OkHttpClient)} is never closed. The OkHttp client is
 * created on first use, so an instance that is never used costs nothing.
 */
@Beta
public final class HttpSupport implements AutoCloseable {
  /** Configuration key: connect timeout. */
  public static final String CONNECT_TIMEOUT = "clouvel.http.connect-timeout";
  /** Configuration key: read timeout. */
  public static final String READ_TIMEOUT = "clouvel.http.read-timeout";
  /** Configuration key: write timeout. */
  public static final String WRITE_TIMEOUT = "clouvel.http.write-timeout";
  /** Configuration key: whole-call timeout of one attempt. */
  public static final String CALL_TIMEOUT = "clouvel.http.call-timeout";
  /** Configuration key: tries per call. */
  public static final String MAX_ATTEMPTS = "clouvel.http.max-attempts";
  /** Configuration key: longest wait between tries. */
  public static final String MAX_RETRY_WAIT = "clouvel.http.max-retry-wait";
  /** Configuration key: first backoff wait. */
  public static final String INITIAL_BACKOFF = "clouvel.http.initial-backoff";

  /** Default connect timeout: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default read timeout: 30 s. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** Default write timeout: 30 s. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  /** Default whole-call timeout: 60 s. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** Default tries per call: 3. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Default longest wait between tries: 30 s. */
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(30);
  /** Default first backoff wait: 500 ms. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);

  /** The logger for requests, responses and retries. */
  static final String LOGGER = "ai.clouvel.sdk.http";

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final Duration maxRetryWait;
  private final Duration initialBackoff;
  private final String userAgent;
  private final ObjectMapper mapper;
  private final @Nullable OkHttpClient given;
  private final HttpExecutor executor;
  private final Object lock = new Object();
  private volatile @Nullable OkHttpClient client;
  private @Nullable ExecutorService dispatcherThreads;
  private volatile boolean closed;

  private HttpSupport(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.callTimeout = b.callTimeout;
    this.maxAttempts = b.maxAttempts;
    this.maxRetryWait = b.maxRetryWait;
    this.initialBackoff = b.initialBackoff;
    this.userAgent = b.userAgent != null ? b.userAgent : SdkVersion.userAgent();
    this.given = b.okHttpClient;
    this.mapper = newObjectMapper();
    Logger log = LoggerFactory.getLogger(LOGGER);
    this.executor = new HttpExecutor(
        this::okHttpClient, mapper, b.clock, b.sleeper, maxAttempts, maxRetryWait, initialBackoff, log);
  }

  /** A new builder with the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Support configured from the {@code clouvel.http.*} keys, with the given clock and real waits. */
  public static HttpSupport fromConfig(ClouvelConfig config, Clock clock) {
    return builder().config(config).clock(clock).build();
  }

  /**
   * A new mapper configured the way the SDK reads and writes provider JSON: {@code java.time}
   * support with ISO-8601 text (not timestamps), unknown fields ignored, unknown enum values read
   * as {@code null} (or the {@code @JsonEnumDefaultValue}), null fields left out when writing.
   * Each call returns a new instance; none is shared or static.
   */
  public static ObjectMapper newObjectMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
        .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
        .build();
  }

  /**
   * Sends the request and reads the whole response, retrying where that is safe (see the class
   * description).
   *
   * @return a 2xx response, or one whose status the request {@link HttpRequest.Builder#accept accepts}
   * @throws ai.clouvel.sdk.exception.ProviderException or a subtype, for every failure
   * @throws ValidationException if the request cannot be written (a header HTTP does not allow, a
   *     body Jackson cannot write)
   */
  public HttpResponse execute(HttpRequest request) {
    if (request == null) {
      throw ValidationException.of("HttpSupport.execute", "request", "is required");
    }
    return executor.execute(request);
  }

  /** The shared mapper; configure nothing on it (other providers share it). */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  /**
   * The shared OkHttp client, with the timeouts, {@code User-Agent} and redacting logger, for
   * calls {@link #execute} does not cover (server-sent event streams, large downloads). Calls made
   * on it directly get no retries or error mapping. Created on first use.
   *
   * @throws ClouvelException if this support is closed
   */
  public OkHttpClient okHttpClient() {
    OkHttpClient c = client;
    if (c != null && !closed) {
      return c;
    }
    synchronized (lock) {
      if (closed) {
        throw new ClouvelException("The HTTP support is closed: its Clouvel instance was closed");
      }
      if (client == null) {
        client = create();
      }
      return client;
    }
  }

  private OkHttpClient create() {
    Logger log = LoggerFactory.getLogger(LOGGER);
    OkHttpClient.Builder b;
    if (given != null) {
      // Share the caller's pool and dispatcher; keep the caller's timeouts.
      b = given.newBuilder();
    } else {
      ExecutorService threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
          new SynchronousQueue<>(), daemonThreads());
      dispatcherThreads = threads;
      b = new OkHttpClient.Builder()
          .dispatcher(new Dispatcher(threads))
          .connectionPool(new ConnectionPool())
          .connectTimeout(connectTimeout)
          .readTimeout(readTimeout)
          .writeTimeout(writeTimeout)
          .callTimeout(callTimeout);
    }
    return b.addInterceptor(new UserAgentInterceptor(userAgent))
        .addInterceptor(new LoggingInterceptor(log))
        .addNetworkInterceptor(new NoResendInterceptor())
        .build();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "clouvel-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The {@code User-Agent} sent when a request sets none. */
  public String userAgent() {
    return userAgent;
  }

  /** The connect timeout. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The read timeout. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** The write timeout. */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /** The whole-call timeout of one attempt. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** Tries per call, including the first. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The longest wait between tries. */
  public Duration maxRetryWait() {
    return maxRetryWait;
  }

  /** The first backoff wait. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Shuts down the dispatcher threads and evicts the connection pool this instance created; a
   * client handed to the builder is left as it was. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      OkHttpClient c = client;
      if (c != null && given == null) {
        ExecutorService threads = dispatcherThreads;
        if (threads != null) {
          threads.shutdown();
        }
        c.connectionPool().evictAll();
      }
    }
  }

  @Override
  public String toString() {
    return "HttpSupport[" + userAgent + ", connect " + connectTimeout + ", read " + readTimeout + ", call "
        + callTimeout + ", " + maxAttempts + " attempts, max wait " + maxRetryWait + (closed ? ", closed" : "") + "]";
  }

  /**
   * Builds {@link HttpSupport}. Each setter validates its value at once; {@link #config} reads the
   * {@code clouvel.http.*} keys through the same checks and names the bad key.
   */
  public static final class Builder {
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration maxRetryWait = DEFAULT_MAX_RETRY_WAIT;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable String userAgent;

    private Builder() {}

    /**
     * Applies the {@code clouvel.http.*} keys present in {@code config} (listed on
     * {@link HttpSupport}); absent keys leave the current values.
     *
     * @throws ConfigurationException naming a malformed or out-of-range key
     */
    public Builder config(ClouvelConfig config) {
      require(config, "config");
      applyDuration(config, CONNECT_TIMEOUT, this::connectTimeout);
      applyDuration(config, READ_TIMEOUT, this::readTimeout);
      applyDuration(config, WRITE_TIMEOUT, this::writeTimeout);
      applyDuration(config, CALL_TIMEOUT, this::callTimeout);
      applyDuration(config, MAX_RETRY_WAIT, this::maxRetryWait);
      applyDuration(config, INITIAL_BACKOFF, this::initialBackoff);
      if (config.has(MAX_ATTEMPTS)) {
        int n = config.integer(MAX_ATTEMPTS);
        try {
          maxAttempts(n);
        } catch (ValidationException e) {
          throw new ConfigurationException("Configuration key '" + MAX_ATTEMPTS + "' ("
              + ClouvelConfig.environmentName(MAX_ATTEMPTS) + ") must be between 1 and 10; was " + n, MAX_ATTEMPTS, e);
        }
      }
      return this;
    }

    private static void applyDuration(ClouvelConfig config, String key, Consumer<Duration> setter) {
      if (!config.has(key)) {
        return;
      }
      Duration d = config.duration(key);
      try {
        setter.accept(d);
      } catch (ValidationException e) {
        throw new ConfigurationException("Configuration key '" + key + "' (" + ClouvelConfig.environmentName(key)
            + ") " + e.errors().get(0).message() + "; was " + d, key, e);
      }
    }

    /** Time to open a connection; positive; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Longest silence while reading a response; positive; default 30 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** Longest stall while sending a request; positive; default 30 s. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    /** Whole attempt, from connecting to the end of the body; positive; default 60 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** Tries per call including the first, 1 (no retries) to 10; default 3. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw ValidationException.of("HttpSupport", "maxAttempts", "must be between 1 and 10");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Longest wait between tries, zero to one hour; a provider asking for a longer wait fails the
     * call at once with {@code retryAt}; default 30 s.
     */
    public Builder maxRetryWait(Duration wait) {
      require(wait, "maxRetryWait");
      if (wait.isNegative() || wait.compareTo(Duration.ofHours(1)) > 0) {
        throw ValidationException.of("HttpSupport", "maxRetryWait", "must be between 0 and 1 hour");
      }
      this.maxRetryWait = wait;
      return this;
    }

    /** First backoff wait, doubled on each further try (with jitter), zero to one minute; default 500 ms. */
    public Builder initialBackoff(Duration wait) {
      require(wait, "initialBackoff");
      if (wait.isNegative() || wait.compareTo(Duration.ofMinutes(1)) > 0) {
        throw ValidationException.of("HttpSupport", "initialBackoff", "must be between 0 and 1 minute");
      }
      this.initialBackoff = wait;
      return this;
    }

    /** The clock for {@code Retry-After} dates and rate-limit resets; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = require(clock, "clock");
      return this;
    }

    /** How to wait between tries; default {@link Sleeper#system()}. Tests inject a recording one. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = require(sleeper, "sleeper");
      return this;
    }

    /**
     * A client to build on (proxy, TLS or pool settings of the host application); its pool,
     * dispatcher and timeouts are kept and it is never closed by {@link HttpSupport#close()}.
     * Default: a client created, and closed, by this instance.
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = require(client, "okHttpClient");
      return this;
    }

    /** The {@code User-Agent} for requests that set none; default {@code clouvel-sdk/<version> (Java <version>)}. */
    public Builder userAgent(String userAgent) {
      if (userAgent == null || userAgent.isBlank() || !userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw ValidationException.of("HttpSupport", "userAgent", "must be non-blank printable ASCII");
      }
      this.userAgent = userAgent;
      return this;
    }

    /** Builds the support; the OkHttp client is created on first use. */
    public HttpSupport build() {
      return new HttpSupport(this);
    }

    private static Duration positive(@Nullable Duration d, String field) {
      require(d, field);
      if (d.isNegative() || d.isZero()) {
        throw ValidationException.of("HttpSupport", field, "must be positive");
      }
      return d;
    }

    private static <T> T require(@Nullable T value, String field) {
      if (value == null) {
        throw ValidationException.of("HttpSupport", field, "is required");
      }
      return value;
    }
  }
}
