package ai.clouvel.sdk.internal.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs each attempt at DEBUG: the request line, headers and a short body excerpt, then the status,
 * time taken, request id and a short body excerpt of the response. Credentials are hidden (see
 * {@link Redactor}); nothing is read or copied when DEBUG is off.
 */
public final class LoggingInterceptor implements Interceptor {
  /** How much of a body is shown. */
  static final int BODY_EXCERPT = 500;
  /** How much of a response body is peeked to find and hide secrets before it is cut. */
  private static final long PEEK = 64 * 1024;

  private final Logger log;

  /** @param log where to log, normally {@code ai.clouvel.sdk.http} */
  public LoggingInterceptor(Logger log) {
    this.log = log;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!log.isDebugEnabled()) {
      return chain.proceed(chain.request());
    }
    Request request = chain.request();
    CallInfo info = request.tag(CallInfo.class);
    String label = info == null ? "" : "[" + info.providerId() + "] " + info.endpoint() + ": ";
    Set<String> secretNames = info == null ? Set.of() : info.secretNames();
    log.debug("{}--> {} {}{}{}", label, request.method(), Redactor.url(request.url(), secretNames),
        headers(request.headers(), secretNames), requestBody(request.body(), secretNames));
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      log.debug("{}<-- failed after {} ms: {}", label, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          e.getClass().getSimpleName());
      throw e;
    }
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    log.debug("{}<-- {} {} ({} ms){}{}", label, response.code(), response.message(), took,
        headers(response.headers(), secretNames), responseBody(response, secretNames));
    return response;
  }

  private static String headers(Headers headers, Set<String> secretNames) {
    if (headers.size() == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      boolean secret = Redactor.isSecretHeader(name) || secretNames.contains(name.toLowerCase(Locale.ROOT));
      sb.append("\n    ").append(name).append(": ").append(secret ? Redactor.MASK : headers.value(i));
    }
    return sb.toString();
  }

  private static String requestBody(@Nullable RequestBody body, Set<String> secretNames) throws IOException {
    if (body == null) {
      return "";
    }
    long length = body.contentLength();
    if (length == 0) {
      return "";
    }
    MediaType type = body.contentType();
    if (!isText(type) || !RequestWriter.replayable(body) || body.isDuplex()) {
      return "\n    (" + (length < 0 ? "unknown length" : length + " bytes") + " of " + type + ")";
    }
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    String text = buffer.readString(charset(type));
    String shown = isForm(type) ? Redactor.form(text, secretNames) : Redactor.text(text, secretNames);
    return "\n    Content-Type: " + type + "\n    " + cut(shown);
  }

  private static String responseBody(Response response, Set<String> secretNames) throws IOException {
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    if (type != null && type.subtype().equalsIgnoreCase("event-stream")) {
      return "\n    (event stream)"; // peeking would wait for the stream
    }
    if (type == null) {
      return "";
    }
    if (!isText(type)) {
      return body.contentLength() == 0 ? "" : "\n    (" + type + ")";
    }
    ResponseBody peeked = response.peekBody(PEEK);
    String text = peeked.string();
    if (text.isEmpty()) {
      return "";
    }
    String shown = isForm(type) ? Redactor.form(text, secretNames) : Redactor.text(text, secretNames);
    return "\n    " + cut(shown);
  }

  private static String cut(String s) {
    String oneLine = s.replaceAll("[\\p{Cntrl}&&[^\n]]", " ");
    return oneLine.length() <= BODY_EXCERPT ? oneLine : oneLine.substring(0, BODY_EXCERPT) + "... (" + oneLine.length() + " chars)";
  }

  private static boolean isText(@Nullable MediaType type) {
    if (type == null) {
      return false;
    }
    String t = type.type().toLowerCase(Locale.ROOT);
    String sub = type.subtype().toLowerCase(Locale.ROOT);
    return t.equals("text") || sub.contains("json") || sub.contains("xml") || sub.equals("x-www-form-urlencoded")
        || sub.contains("javascript");
  }

  private static boolean isForm(@Nullable MediaType type) {
    return type != null && type.subtype().equalsIgnoreCase("x-www-form-urlencoded");
  }

  private static Charset charset(@Nullable MediaType type) {
    Charset c = type == null ? null : type.charset(StandardCharsets.UTF_8);
    return c == null ? StandardCharsets.UTF_8 : c;
  }
}
