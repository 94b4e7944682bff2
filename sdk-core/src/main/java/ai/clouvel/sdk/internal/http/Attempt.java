package ai.clouvel.sdk.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import okhttp3.MediaType;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one try: a response read in full, or the I/O failure that ended it, with the
 * decision whether to try again and after how long.
 *
 * @param label {@code [provider] endpoint}, for logs
 * @param number 1 for the first try
 * @param status the HTTP status, or {@code 0} when {@code failure} is set
 * @param headers the response headers (empty on failure)
 * @param body the response body (empty on failure)
 * @param contentType the body's media type, if sent
 * @param failure the I/O failure, if no response was read
 * @param retryWanted whether another try is wanted (when attempts remain)
 * @param delay how long to wait before the next try
 * @param retryAt when the provider said a retry may succeed, if it said
 * @param waitTooLong whether the provider asked to wait longer than the configured cap
 */
record Attempt(
    String label,
    int number,
    int status,
    Headers headers,
    byte[] body,
    @Nullable MediaType contentType,
    @Nullable IOException failure,
    boolean retryWanted,
    Duration delay,
    @Nullable Instant retryAt,
    boolean waitTooLong) {

  static Attempt failed(String label, int number, IOException failure, boolean retryWanted, Duration wait) {
    return new Attempt(label, number, 0, Headers.of(), new byte[0], null, failure, retryWanted, wait, null, false);
  }

  /** A short reason for logs: the status or the failure's type; never a body or a URL. */
  String reason() {
    return failure != null ? failure.getClass().getSimpleName() : "HTTP " + status;
  }

  @Nullable String header(String name) {
    return headers.get(name);
  }
}
