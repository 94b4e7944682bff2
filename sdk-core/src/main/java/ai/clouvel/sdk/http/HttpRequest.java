package ai.clouvel.sdk.http;

import ai.clouvel.sdk.Beta;
import ai.clouvel.sdk.config.Secret;
import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One call a provider makes through {@link HttpSupport#execute(HttpRequest)}: method, URL,
 * headers, an optional JSON, form or raw body, the provider id and an {@link #endpoint() endpoint}
 * label for errors and logs, and an optional idempotency key.
 *
 * <pre>{@code
 * HttpRequest request = HttpRequest.get("reddit", baseUrl + "/r/" + sub + "/hot.json")
 *     .endpoint("GET /r/{sub}/hot.json")
 *     .query("limit", "25")
 *     .bearer(accessToken)              // a Secret: redacted in logs, revealed only on the wire
 *     .build();
 * Listing hot = config.http().execute(request).as(Listing.class);
 * }</pre>
 *
 * <p>Credentials are passed as {@link Secret}s ({@link Builder#bearer}, {@link Builder#header(String,
 * Secret)}, {@link Builder#query(String, Secret)}, {@link Builder#form(String, Secret)},
 * {@link Builder#basicAuth}); they are revealed only when the request is written to the wire, and
 * {@link #toString()} never shows them. Instances are immutable.
 */
@Beta
public final class HttpRequest {
  /** The header that carries {@link #idempotencyKey()} unless {@link Builder#idempotencyKeyHeader} says otherwise. */
  public static final String DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";

  private static final String REDACTED = "****";

  /**
   * A header, query parameter or form field. The value sent is {@code text}, followed by the
   * secret's value when there is one (so {@code ("Authorization", "Bearer ", token)} sends
   * {@code Bearer <token>}).
   *
   * @param name the name
   * @param text the plain value, or the text sent before the secret
   * @param secret the credential, if the value is one
   */
  public record Param(String name, String text, @Nullable Secret secret) {
    /** Rejects blank names and null text. */
    public Param {
      Checks.of("HttpRequest.Param").notBlank(name, "name").notNull(text, "text").validate();
    }

    /** Whether the value holds a credential. */
    public boolean isSecret() {
      return secret != null;
    }

    /** The name and the value, the secret part shown as {@code ****}. */
    @Override
    public String toString() {
      return name + "=" + text + (secret == null ? "" : REDACTED);
    }
  }

  /** A request body. */
  public sealed interface Body permits JsonBody, FormBody, BytesBody {}

  /**
   * A value written as JSON with the {@link HttpSupport#objectMapper() shared mapper}: a
   * {@code JsonNode}, a {@code Map}, a record or any bean Jackson can write.
   *
   * @param value the value to write
   */
  public record JsonBody(Object value) implements Body {
    /** Rejects a null value. */
    public JsonBody {
      Checks.of("HttpRequest.JsonBody").notNull(value, "value").validate();
    }

    @Override
    public String toString() {
      return "JsonBody[" + value.getClass().getSimpleName() + "]";
    }
  }

  /**
   * An {@code application/x-www-form-urlencoded} body.
   *
   * @param fields the fields, in order
   */
  public record FormBody(List<Param> fields) implements Body {
    /** Copies the fields. */
    public FormBody {
      Checks.of("HttpRequest.FormBody").noNulls(fields, "fields").validate();
      fields = List.copyOf(fields);
    }
  }

  /**
   * Raw bytes with a media type (an image upload, a pre-encoded document).
   *
   * @param content the bytes, copied
   * @param mediaType the media type, e.g. {@code image/png}
   */
  public record BytesBody(byte[] content, String mediaType) implements Body {
    /** Copies the bytes and checks the media type. */
    public BytesBody {
      Checks.of("HttpRequest.BytesBody")
          .notNull(content, "content")
          .notBlank(mediaType, "mediaType")
          .check(mediaType == null || okhttp3.MediaType.parse(mediaType) != null, "mediaType", "is not a media type")
          .validate();
      content = content.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesBody other && Arrays.equals(content, other.content) && mediaType.equals(other.mediaType);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(content) + mediaType.hashCode();
    }

    @Override
    public String toString() {
      return "BytesBody[" + content.length + " bytes " + mediaType + "]";
    }
  }

  /**
   * Credentials for HTTP Basic authentication (OAuth client credentials, for instance).
   *
   * @param user the user name or client id
   * @param password the password or client secret
   */
  public record BasicAuth(String user, Secret password) {
    /** Rejects a blank user or a missing password. */
    public BasicAuth {
      Checks.of("HttpRequest.BasicAuth").notBlank(user, "user").notNull(password, "password").validate();
    }

    @Override
    public String toString() {
      return "BasicAuth[" + user + ":" + REDACTED + "]";
    }
  }

  private final String providerId;
  private final HttpMethod method;
  private final URI url;
  private final String endpoint;
  private final List<Param> headers;
  private final List<Param> query;
  private final @Nullable Body body;
  private final @Nullable BasicAuth basicAuth;
  private final @Nullable String idempotencyKey;
  private final String idempotencyKeyHeader;
  private final @Nullable Boolean idempotent;
  private final Set<Integer> acceptedStatuses;
  private final @Nullable Duration timeout;

  private HttpRequest(Builder b, URI url, @Nullable Body body) {
    this.providerId = b.providerId;
    this.method = b.method;
    this.url = url;
    this.endpoint = b.endpoint != null ? b.endpoint : b.method + " " + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
    this.headers = List.copyOf(b.headers);
    this.query = List.copyOf(b.query);
    this.body = body;
    this.basicAuth = b.basicAuth;
    this.idempotencyKey = b.idempotencyKey;
    this.idempotencyKeyHeader = b.idempotencyKeyHeader;
    this.idempotent = b.idempotent;
    this.acceptedStatuses = Set.copyOf(b.acceptedStatuses);
    this.timeout = b.timeout;
  }

  /** A builder for any method. */
  public static Builder builder(String providerId, HttpMethod method, String url) {
    return new Builder(providerId, method, url);
  }

  /** A {@code GET} request builder. */
  public static Builder get(String providerId, String url) {
    return builder(providerId, HttpMethod.GET, url);
  }

  /** A {@code POST} request builder; not retried unless it has an idempotency key or is declared {@link Builder#idempotent idempotent}. */
  public static Builder post(String providerId, String url) {
    return builder(providerId, HttpMethod.POST, url);
  }

  /** A {@code PUT} request builder. */
  public static Builder put(String providerId, String url) {
    return builder(providerId, HttpMethod.PUT, url);
  }

  /** A {@code PATCH} request builder; not retried unless it has an idempotency key or is declared idempotent. */
  public static Builder patch(String providerId, String url) {
    return builder(providerId, HttpMethod.PATCH, url);
  }

  /** A {@code DELETE} request builder. */
  public static Builder delete(String providerId, String url) {
    return builder(providerId, HttpMethod.DELETE, url);
  }

  /** A builder holding this request's values, for variants. */
  public Builder toBuilder() {
    Builder b = new Builder(providerId, method, url.toString());
    b.endpoint = endpoint;
    b.headers.addAll(headers);
    b.query.addAll(query);
    if (body instanceof FormBody form) {
      b.form.addAll(form.fields());
    } else {
      b.body = body;
    }
    b.basicAuth = basicAuth;
    b.idempotencyKey = idempotencyKey;
    b.idempotencyKeyHeader = idempotencyKeyHeader;
    b.idempotent = idempotent;
    b.acceptedStatuses.addAll(acceptedStatuses);
    b.timeout = timeout;
    return b;
  }

  /** The id of the provider making the call, e.g. {@code reddit}; it names the provider in errors and logs. */
  public String providerId() {
    return providerId;
  }

  /** The HTTP method. */
  public HttpMethod method() {
    return method;
  }

  /** The URL as given, without the parameters added with {@link Builder#query}. */
  public URI url() {
    return url;
  }

  /** The label used in errors and logs, e.g. {@code GET /r/{sub}/hot.json}; by default the method and the URL's path. */
  public String endpoint() {
    return endpoint;
  }

  /** The headers, in the order they were added. */
  public List<Param> headers() {
    return headers;
  }

  /** The query parameters added to {@link #url()}, in order. */
  public List<Param> query() {
    return query;
  }

  /** The body, if any. */
  public @Nullable Body body() {
    return body;
  }

  /** The Basic credentials, if any. */
  public @Nullable BasicAuth basicAuth() {
    return basicAuth;
  }

  /** The idempotency key sent with every attempt, if any. */
  public @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  /** The header that carries the idempotency key; default {@value #DEFAULT_IDEMPOTENCY_HEADER}. */
  public String idempotencyKeyHeader() {
    return idempotencyKeyHeader;
  }

  /** Non-2xx statuses returned as a response instead of thrown (e.g. {@code 404} to test for existence). */
  public Set<Integer> acceptedStatuses() {
    return acceptedStatuses;
  }

  /** The read and whole-call timeout of this request, when it differs from the shared defaults. */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /**
   * Whether sending this request twice has the same effect as sending it once, so that a failed
   * attempt may be repeated: the method is idempotent, or the request carries an idempotency key,
   * unless {@link Builder#idempotent(boolean)} said otherwise.
   */
  public boolean retrySafe() {
    if (idempotent != null) {
      return idempotent;
    }
    return method.idempotent() || idempotencyKey != null;
  }

  /** The method, URL, endpoint and provider; never a credential or the body's content. */
  @Override
  public String toString() {
    return "HttpRequest[" + providerId + " " + endpoint + " " + method + " " + url.getScheme() + "://" + url.getRawAuthority()
        + (url.getRawPath() == null ? "" : url.getRawPath()) + (body == null ? "" : " " + body.getClass().getSimpleName())
        + (idempotencyKey == null ? "" : " idempotency-key=" + idempotencyKey) + "]";
  }

  /** Builds an {@link HttpRequest}; {@link #build()} validates every field and names each invalid one. */
  public static final class Builder {
    private final String providerId;
    private final HttpMethod method;
    private final String url;
    private @Nullable String endpoint;
    private final List<Param> headers = new ArrayList<>();
    private final List<Param> query = new ArrayList<>();
    private final List<Param> form = new ArrayList<>();
    private @Nullable Body body;
    private @Nullable BasicAuth basicAuth;
    private @Nullable String idempotencyKey;
    private String idempotencyKeyHeader = DEFAULT_IDEMPOTENCY_HEADER;
    private @Nullable Boolean idempotent;
    private final Set<Integer> acceptedStatuses = new TreeSet<>();
    private @Nullable Duration timeout;

    private Builder(String providerId, HttpMethod method, String url) {
      Checks.of("HttpRequest")
          .check(providerId != null && providerId.matches("[a-z0-9]+(-[a-z0-9]+)*"), "providerId",
              "must be lowercase words joined by '-'")
          .notNull(method, "method")
          .notBlank(url, "url")
          .validate();
      this.providerId = providerId;
      this.method = method;
      this.url = url.trim();
    }

    /** The label for errors and logs, e.g. {@code POST /api/submit}; default the method and the URL's path. */
    public Builder endpoint(String endpoint) {
      Checks.of("HttpRequest").notBlank(endpoint, "endpoint").validate();
      this.endpoint = endpoint;
      return this;
    }

    /** Adds a header with a plain value. */
    public Builder header(String name, String value) {
      headers.add(new Param(name, value, null));
      return this;
    }

    /** Adds a header whose value is a credential; it is redacted in logs. */
    public Builder header(String name, Secret value) {
      Checks.of("HttpRequest").notNull(value, "header." + name).validate();
      headers.add(new Param(name, "", value));
      return this;
    }

    /** Sets {@code Authorization: Bearer <token>}. */
    public Builder bearer(Secret token) {
      Checks.of("HttpRequest").notNull(token, "bearer").validate();
      headers.removeIf(p -> p.name().equalsIgnoreCase("Authorization"));
      headers.add(new Param("Authorization", "Bearer ", token));
      basicAuth = null;
      return this;
    }

    /** Sets {@code Authorization: Basic ...} from a user and a password (or client id and secret). */
    public Builder basicAuth(String user, Secret password) {
      headers.removeIf(p -> p.name().equalsIgnoreCase("Authorization"));
      basicAuth = new BasicAuth(user, password);
      return this;
    }

    /** Adds a query parameter (the URL may also carry its own). */
    public Builder query(String name, String value) {
      query.add(new Param(name, value, null));
      return this;
    }

    /** Adds a query parameter whose value is a credential; it is redacted in logs. */
    public Builder query(String name, Secret value) {
      Checks.of("HttpRequest").notNull(value, "query." + name).validate();
      query.add(new Param(name, "", value));
      return this;
    }

    /** Sets a JSON body, written with the shared mapper. */
    public Builder jsonBody(Object value) {
      this.body = new JsonBody(value);
      form.clear();
      return this;
    }

    /** Adds a form field; the body becomes {@code application/x-www-form-urlencoded}. */
    public Builder form(String name, String value) {
      form.add(new Param(name, value, null));
      body = null;
      return this;
    }

    /** Adds a form field whose value is a credential; it is redacted in logs. */
    public Builder form(String name, Secret value) {
      Checks.of("HttpRequest").notNull(value, "form." + name).validate();
      form.add(new Param(name, "", value));
      body = null;
      return this;
    }

    /** Sets a raw body. */
    public Builder body(byte[] content, String mediaType) {
      this.body = new BytesBody(content, mediaType);
      form.clear();
      return this;
    }

    /**
     * Sends {@code key} with every attempt (in {@link #idempotencyKeyHeader}) and makes the request
     * safe to retry: the provider applies it at most once.
     */
    public Builder idempotencyKey(String key) {
      Checks.of("HttpRequest").notBlank(key, "idempotencyKey").validate();
      this.idempotencyKey = key;
      return this;
    }

    /** The header that carries the idempotency key; default {@value HttpRequest#DEFAULT_IDEMPOTENCY_HEADER}. */
    public Builder idempotencyKeyHeader(String name) {
      Checks.of("HttpRequest").notBlank(name, "idempotencyKeyHeader").validate();
      this.idempotencyKeyHeader = name;
      return this;
    }

    /**
     * Declares whether repeating this request is safe, overriding the method's default: {@code true}
     * for a {@code POST} that only reads or computes (a search, an LLM completion, an OAuth token
     * request), {@code false} for a {@code PUT} or {@code DELETE} that must not be repeated. Default:
     * the method is idempotent or an idempotency key is set.
     */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /** Non-2xx statuses to return as a response instead of throwing, e.g. {@code 404}. */
    public Builder accept(int... statuses) {
      for (int status : statuses) {
        Checks.of("HttpRequest").check(status >= 100 && status <= 599, "accept", "must be HTTP statuses (100-599)").validate();
        acceptedStatuses.add(status);
      }
      return this;
    }

    /** Read and whole-call timeout for this request (a slow model call, a large upload); default the shared ones. */
    public Builder timeout(Duration timeout) {
      Checks.of("HttpRequest")
          .check(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout", "must be positive")
          .validate();
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws ai.clouvel.sdk.exception.ValidationException naming every invalid field
     */
    public HttpRequest build() {
      Body b = body;
      if (!form.isEmpty()) {
        b = new FormBody(form);
      }
      URI uri = null;
      try {
        uri = new URI(url);
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      Checks.of("HttpRequest")
          .check(uri != null && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                  && okhttp3.HttpUrl.parse(url) != null,
              "url", "must be an absolute http or https URL")
          .check(b == null || method.permitsBody(), "body", "is not allowed with " + method)
          .validate();
      return new HttpRequest(this, uri, b);
    }
  }
}
