package ai.clouvel.sdk.internal.http;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.http.HttpRequest;
import ai.clouvel.sdk.http.HttpRequest.Param;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@link HttpRequest} into an OkHttp {@link Request}. This is the one place where a
 * {@link ai.clouvel.sdk.config.Secret} is revealed: to write it into the header, query parameter
 * or form field that carries it to the provider.
 */
public final class RequestWriter {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final byte[] EMPTY = new byte[0];

  private RequestWriter() {}

  /**
   * The OkHttp request, tagged with a {@link CallInfo}.
   *
   * @throws ValidationException if a header has characters HTTP does not allow, or the JSON body cannot be written
   */
  public static Request write(HttpRequest request, ObjectMapper mapper) {
    Set<String> secretNames = new HashSet<>();
    HttpUrl base = HttpUrl.get(request.url().toString());
    HttpUrl.Builder url = base.newBuilder();
    for (Param p : request.query()) {
      url.addQueryParameter(p.name(), value(p));
      if (p.isSecret()) {
        secretNames.add(p.name().toLowerCase(Locale.ROOT));
      }
    }
    Request.Builder b = new Request.Builder().url(url.build());
    for (Param p : request.headers()) {
      try {
        b.addHeader(p.name(), value(p));
      } catch (IllegalArgumentException e) {
        // OkHttp's message may quote the value: never pass it on.
        throw ValidationException.of("HttpRequest", "header." + p.name(), "has a name or value HTTP does not allow");
      }
      if (p.isSecret()) {
        secretNames.add(p.name().toLowerCase(Locale.ROOT));
      }
    }
    HttpRequest.BasicAuth basic = request.basicAuth();
    if (basic != null) {
      b.header("Authorization", Credentials.basic(basic.user(), basic.password().reveal(), java.nio.charset.StandardCharsets.UTF_8));
    }
    String key = request.idempotencyKey();
    if (key != null) {
      try {
        b.header(request.idempotencyKeyHeader(), key);
      } catch (IllegalArgumentException e) {
        throw ValidationException.of("HttpRequest", "idempotencyKey", "has characters HTTP does not allow in a header");
      }
    }
    RequestBody body = body(request, mapper, secretNames);
    if (!request.retrySafe()) {
      // OkHttp itself re-sends a request after a 408 or a connection failure unless its body is one-shot.
      body = new OneShot(body != null ? body : RequestBody.create(EMPTY, null));
    }
    b.method(request.method().name(), body);
    b.tag(CallInfo.class, new CallInfo(request.providerId(), request.endpoint(), secretNames, request.retrySafe()));
    return b.build();
  }

  private static @Nullable RequestBody body(HttpRequest request, ObjectMapper mapper, Set<String> secretNames) {
    HttpRequest.Body body = request.body();
    if (body == null) {
      return request.method().permitsBody() && !request.method().name().equals("DELETE")
          ? RequestBody.create(EMPTY, null)
          : null;
    }
    if (body instanceof HttpRequest.JsonBody json) {
      try {
        return RequestBody.create(mapper.writeValueAsBytes(json.value()), JSON);
      } catch (JsonProcessingException e) {
        throw ValidationException.of("HttpRequest", "body",
            "cannot be written as JSON (" + e.getClass().getSimpleName() + " for " + json.value().getClass().getName() + ")");
      }
    }
    if (body instanceof HttpRequest.FormBody form) {
      FormBody.Builder f = new FormBody.Builder(java.nio.charset.StandardCharsets.UTF_8);
      for (Param p : form.fields()) {
        f.add(p.name(), value(p));
        if (p.isSecret()) {
          secretNames.add(p.name().toLowerCase(Locale.ROOT));
        }
      }
      return f.build();
    }
    HttpRequest.BytesBody bytes = (HttpRequest.BytesBody) body;
    return RequestBody.create(bytes.content(), MediaType.get(bytes.mediaType()));
  }

  /** Whether the body can be written again (for a log excerpt) without losing what is sent: ours always can. */
  static boolean replayable(RequestBody body) {
    return body instanceof OneShot || !body.isOneShot();
  }

  /** A body OkHttp must not send twice; it can still be written more than once. */
  private static final class OneShot extends RequestBody {
    private final RequestBody delegate;

    OneShot(RequestBody delegate) {
      this.delegate = delegate;
    }

    @Override
    public @Nullable MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() throws java.io.IOException {
      return delegate.contentLength();
    }

    @Override
    public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
      delegate.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }

  private static String value(Param p) {
    return p.secret() == null ? p.text() : p.text() + p.secret().reveal();
  }
}
