package ai.clouvel.sdk.internal.http;

import java.util.Set;

/**
 * Attached to each OkHttp request as a tag, so the interceptors know which provider and endpoint a
 * call belongs to, and which header and parameter names the caller marked as secret.
 *
 * @param providerId the provider's id
 * @param endpoint the endpoint label
 * @param secretNames lower-case names of headers, query parameters and form fields set from a {@code Secret}
 * @param retrySafe whether the request may be sent more than once
 */
public record CallInfo(String providerId, String endpoint, Set<String> secretNames, boolean retrySafe) {
  /** Copies the names. */
  public CallInfo {
    secretNames = Set.copyOf(secretNames);
  }
}
