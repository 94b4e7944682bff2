package ai.clouvel.sdk.internal.http;

import ai.clouvel.sdk.exception.InvalidContentException;
import ai.clouvel.sdk.exception.OutcomeUnknownException;
import ai.clouvel.sdk.exception.ProviderAuthException;
import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ProviderRateLimitException;
import ai.clouvel.sdk.http.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps the last attempt of a failed call onto the exception tree:
 *
 * <ul>
 *   <li>401, 403: {@link ProviderAuthException};
 *   <li>429, and 503 with a wait the provider asked for: {@link ProviderRateLimitException} with
 *       {@code retryAt};
 *   <li>422, 413, and 400 on a request with a body: {@link InvalidContentException};
 *   <li>other 4xx (and 3xx): a non-retryable {@link ProviderException}; 408: retryable;
 *   <li>5xx: retryable, except 501/505 (never) and 500/502/504 on a request that is not safe to
 *       repeat, which gives {@link OutcomeUnknownException} (the provider may have acted);
 *   <li>no connection: retryable (nothing was sent); a timeout or dropped connection: retryable when
 *       the request is safe to repeat, {@link OutcomeUnknownException} otherwise.
 * </ul>
 *
 * Messages carry the provider, endpoint, status, request id and a short redacted excerpt of the
 * provider's error message; never the request body or a credential.
 */
final class ErrorMapper {
  static final int EXCERPT = 200;
  private static final List<String> MESSAGE_POINTERS = List.of(
      "/error/message", "/error_description", "/message", "/detail", "/title", "/errors/0/message",
      "/errors/0/detail", "/json/errors/0/1", "/error", "/errors/0");
  private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
  private static final String RECONCILE = "; it may have taken effect: reconcile by reading before retrying";

  private final ObjectMapper mapper;

  ErrorMapper(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ProviderException forFailure(HttpRequest request, Attempt last, Duration maxRetryWait) {
    IOException e = last.failure();
    if (e != null) {
      return forIo(request, last.number(), e);
    }
    return forStatus(request, last, maxRetryWait);
  }

  private ProviderException forIo(HttpRequest request, int attempts, IOException e) {
    String p = request.providerId();
    String ep = request.endpoint();
    String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
    String type = " (" + e.getClass().getSimpleName() + ")";
    if (notSent(e)) {
      return new ProviderException(p, "Could not connect" + tries + type + "; nothing was sent", 0, ep, null, null, true, e);
    }
    String what = e instanceof InterruptedIOException ? "Timed out" : "Connection failed";
    if (request.retrySafe()) {
      return new ProviderException(p, what + tries + type, 0, ep, null, null, true, e);
    }
    return new OutcomeUnknownException(p, what + " on a request that is not safe to repeat" + type + RECONCILE, 0, ep, null, null, e);
  }

  static boolean notSent(IOException e) {
    if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
      return true;
    }
    String m = e.getMessage();
    return e instanceof SocketTimeoutException && m != null && m.toLowerCase(Locale.ROOT).contains("connect");
  }

  private ProviderException forStatus(HttpRequest request, Attempt last, Duration maxRetryWait) {
    String p = request.providerId();
    String ep = request.endpoint();
    int status = last.status();
    String rid = RequestIds.find(last::header).orElse(null);
    String excerpt = excerpt(last);
    String tail = excerpt.isEmpty() ? "" : ": " + excerpt;
    String tries = last.number() > 1 ? " after " + last.number() + " attempts" : "";
    Instant retryAt = last.retryAt();
    String when = retryAt == null ? "" : "; retry at " + retryAt
        + (last.waitTooLong() ? " (later than the " + maxRetryWait.toSeconds() + " s this client waits)" : "");
    if (status == 401 || status == 403) {
      String what = status == 401 ? "Credentials were rejected" : "Access was forbidden";
      return new ProviderAuthException(p, what + "; re-authenticate or check the granted scopes" + tail, status, ep, rid, null, null);
    }
    if (status == 429) {
      return new ProviderRateLimitException(p, "Rate limited" + tries + when + tail, status, ep, rid, retryAt, null);
    }
    if (status == 503 && retryAt != null) {
      return new ProviderRateLimitException(p, "Service unavailable" + tries + when + tail, status, ep, rid, retryAt, null);
    }
    if (status == 422 || status == 413 || (status == 400 && request.body() != null)) {
      return new InvalidContentException(p, "The provider rejected the content" + tail, status, ep, rid, null, null);
    }
    if (status == 408) {
      return new ProviderException(p, "The provider timed out waiting for the request" + tries + tail, status, ep, rid, null, true, null);
    }
    if (status >= 500) {
      if (status == 501 || status == 505) {
        return new ProviderException(p, "The provider does not support this request" + tail, status, ep, rid, null, false, null);
      }
      if (status != 503 && !request.retrySafe()) {
        return new OutcomeUnknownException(p, "Server error on a request that is not safe to repeat" + RECONCILE + tail,
            status, ep, rid, null, null);
      }
      return new ProviderException(p, (status == 503 ? "Service unavailable" : "Server error") + tries + tail,
          status, ep, rid, retryAt, true, null);
    }
    String what = switch (status) {
      case 400 -> "Bad request";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      default -> status < 400 ? "Unexpected response" : "Request refused";
    };
    return new ProviderException(p, what + tail, status, ep, rid, null, false, null);
  }

  /** The provider's own error message, redacted and short; the page title for HTML; else the start of the text. */
  String excerpt(Attempt last) {
    byte[] body = last.body();
    if (body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, 16 * 1024), StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return "";
    }
    if (text.startsWith("<")) {
      Matcher m = TITLE.matcher(text);
      return m.find() ? "HTML page \"" + Redactor.excerpt(m.group(1), 100) + "\"" : "HTML page";
    }
    if (text.startsWith("{") || text.startsWith("[")) {
      String message = jsonMessage(body);
      if (message != null) {
        return Redactor.excerpt(message, EXCERPT);
      }
    }
    return Redactor.excerpt(text, EXCERPT);
  }

  private @Nullable String jsonMessage(byte[] body) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (node == null) {
      return null;
    }
    for (String pointer : MESSAGE_POINTERS) {
      JsonNode v = node.at(pointer);
      if (v.isTextual() && !v.asText().isBlank()) {
        String code = node.at("/error").isTextual() && !pointer.equals("/error") ? node.at("/error").asText() + ": " : "";
        return code + v.asText();
      }
    }
    return null;
  }
}
