package ai.clouvel.sdk.http;

import ai.clouvel.sdk.Beta;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A response read in full from a provider: a 2xx, or a status the request
 * {@link HttpRequest.Builder#accept accepted}. Reading the body as JSON never throws a raw Jackson
 * exception or a {@code NullPointerException}: an empty body, an HTML page or malformed JSON gives a
 * {@link ai.clouvel.sdk.exception.ProviderException} naming the provider and the endpoint
 * (retryable for a request that is safe to repeat, an
 * {@link ai.clouvel.sdk.exception.OutcomeUnknownException} otherwise, since the call did reach the
 * provider).
 */
@Beta
public interface HttpResponse {
  /** The provider that answered. */
  String providerId();

  /** The endpoint label of the request. */
  String endpoint();

  /** The HTTP status. */
  int status();

  /** Every header, names in lower case, values in the order received. */
  Map<String, List<String>> headers();

  /** The first value of a header, matched ignoring case. */
  Optional<String> header(String name);

  /**
   * The upstream request id, for support tickets: the first of {@code x-request-id},
   * {@code request-id}, {@code x-amzn-requestid}, {@code x-amz-request-id},
   * {@code x-transaction-id} and {@code cf-ray} that is present.
   */
  Optional<String> requestId();

  /** Calls left in the current rate-limit window ({@code x-ratelimit-remaining}, {@code x-rate-limit-remaining}, {@code ratelimit-remaining}), if sent. */
  OptionalDouble rateLimitRemaining();

  /** When the current rate-limit window resets ({@code x-ratelimit-reset}, {@code x-rate-limit-reset}, {@code ratelimit-reset}), if sent. */
  Optional<Instant> rateLimitReset();

  /** The body's bytes (a copy); empty when there was none. */
  byte[] body();

  /** The body as text, decoded with the response's charset (UTF-8 by default). */
  String bodyText();

  /**
   * The body as a JSON tree.
   *
   * @throws ai.clouvel.sdk.exception.ProviderException if the body is empty, an HTML page or not JSON
   */
  JsonNode json();

  /**
   * The body read as {@code type} with the shared mapper (unknown fields are ignored).
   *
   * @throws ai.clouvel.sdk.exception.ProviderException if the body is not JSON or does not fit the type
   */
  <T> T as(Class<T> type);

  /**
   * The body read as a generic type, e.g. {@code new TypeReference<List<Item>>() {}}.
   *
   * @throws ai.clouvel.sdk.exception.ProviderException if the body is not JSON or does not fit the type
   */
  <T> T as(TypeReference<T> type);
}
