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
    b.method(request.method().name(), body(request, mapper, secretNames));
    b.tag(CallInfo.class, new CallInfo(request.providerId(), request.endpoint(), secretNames));
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

  private static String value(Param p) {
    return p.secret() == null ? p.text() : p.text() + p.secret().reveal();
  }
}
