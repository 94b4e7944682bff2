/**
 * Implementation of {@link ai.clouvel.sdk.http.HttpSupport}: the retrying executor, error mapping,
 * rate-limit header parsing, redaction and the logging and user-agent interceptors. Not public API.
 */
@NullMarked
package ai.clouvel.sdk.internal.http;

import org.jspecify.annotations.NullMarked;
