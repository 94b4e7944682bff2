package ai.clouvel.sdk.internal.http;

import ai.clouvel.sdk.exception.OutcomeUnknownException;
import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.http.HttpResponse;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import okhttp3.Headers;
import okhttp3.MediaType;
import org.jspecify.annotations.Nullable;

/** A response whose body was read in full before the connection was released. */
public final class BufferedResponse implements HttpResponse {
  private final String providerId;
  private final String endpoint;
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final @Nullable MediaType contentType;
  private final ObjectMapper mapper;
  private final boolean retrySafe;
  private final Clock clock;

  /**
   * @param providerId the provider that answered
   * @param endpoint the endpoint label
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the whole body
   * @param contentType the body's media type, if sent
   * @param mapper the mapper to read JSON with
   * @param retrySafe whether the request was safe to repeat (decides how unreadable bodies are reported)
   * @param clock for rate-limit reset times given as delays
   */
  public BufferedResponse(
      String providerId,
      String endpoint,
      int status,
      Headers headers,
      byte[] body,
      @Nullable MediaType contentType,
      ObjectMapper mapper,
      boolean retrySafe,
      Clock clock) {
    this.providerId = providerId;
    this.endpoint = endpoint;
    this.status = status;
    Map<String, List<String>> map = new TreeMap<>();
    for (int i = 0; i < headers.size(); i++) {
      map.computeIfAbsent(headers.name(i).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(headers.value(i));
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    this.headers = Collections.unmodifiableMap(map);
    this.body = body;
    this.contentType = contentType;
    this.mapper = mapper;
    this.retrySafe = retrySafe;
    this.clock = clock;
  }

  @Override
  public String providerId() {
    return providerId;
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public Map<String, List<String>> headers() {
    return headers;
  }

  @Override
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private @Nullable String first(String name) {
    return header(name).orElse(null);
  }

  @Override
  public Optional<String> requestId() {
    return RequestIds.find(this::first);
  }

  @Override
  public OptionalDouble rateLimitRemaining() {
    return RateLimitHeaders.remaining(this::first);
  }

  @Override
  public Optional<Instant> rateLimitReset() {
    return RateLimitHeaders.reset(this::first, clock);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String bodyText() {
    Charset charset = contentType == null ? null : contentType.charset(StandardCharsets.UTF_8);
    return new String(body, charset == null ? StandardCharsets.UTF_8 : charset);
  }

  @Override
  public JsonNode json() {
    if (isBlank()) {
      throw unreadable("returned an empty body where JSON was expected", true);
    }
    if (looksLikeHtml()) {
      throw unreadable("returned an HTML page where JSON was expected", true);
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw unreadable("returned an empty body where JSON was expected", true);
      }
      return node;
    } catch (JsonProcessingException e) {
      // Jackson's message can quote the body: report only where it broke.
      throw unreadable("returned malformed JSON (" + e.getClass().getSimpleName() + where(e.getLocation()) + ")", true);
    } catch (IOException e) {
      throw unreadable("returned a body that could not be read as JSON (" + e.getClass().getSimpleName() + ")", true);
    }
  }

  @Override
  public <T> T as(Class<T> type) {
    return read(mapper.constructType(type));
  }

  @Override
  public <T> T as(TypeReference<T> type) {
    return read(mapper.getTypeFactory().constructType(type));
  }

  private <T> T read(JavaType type) {
    JsonNode node = json();
    try {
      T value = mapper.readerFor(type).readValue(node);
      if (value == null) {
        throw unreadable("returned JSON null where " + type.getRawClass().getSimpleName() + " was expected", false);
      }
      return value;
    } catch (JsonMappingException e) {
      throw unreadable("returned JSON that does not fit " + type.getRawClass().getSimpleName() + " at " + path(e)
          + " (" + e.getClass().getSimpleName() + ")", false);
    } catch (IOException e) {
      throw unreadable("returned JSON that could not be read as " + type.getRawClass().getSimpleName()
          + " (" + e.getClass().getSimpleName() + ")", false);
    } catch (IllegalArgumentException e) {
      throw unreadable("returned JSON that could not be read as " + type.getRawClass().getSimpleName()
          + " (" + e.getClass().getSimpleName() + ")", false);
    }
  }

  private boolean isBlank() {
    for (byte b : body) {
      if (!Character.isWhitespace(b & 0xff) && (b & 0xff) != 0xEF && (b & 0xff) != 0xBB && (b & 0xff) != 0xBF) {
        return false;
      }
    }
    return true;
  }

  private boolean looksLikeHtml() {
    if (contentType != null && contentType.subtype().toLowerCase(Locale.ROOT).contains("html")) {
      return true;
    }
    for (byte b : body) {
      if (!Character.isWhitespace(b & 0xff)) {
        return b == '<';
      }
    }
    return false;
  }

  private ProviderException unreadable(String what, boolean transientLooking) {
    String rid = requestId().orElse(null);
    if (!retrySafe) {
      return new OutcomeUnknownException(providerId,
          "The provider " + what + "; the request reached it and may have taken effect: reconcile by reading before retrying",
          status, endpoint, rid, null, null);
    }
    // A body that is not JSON at all is usually a proxy or outage page; one that does not fit the type will not change.
    return new ProviderException(providerId, "The provider " + what, status, endpoint, rid, null, transientLooking, null);
  }

  private static String where(@Nullable JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "HttpResponse[" + providerId + " " + endpoint + " -> " + status + ", " + body.length + " bytes]";
  }
}
