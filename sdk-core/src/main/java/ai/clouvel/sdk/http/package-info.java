/**
 * Shared HTTP support for providers: one OkHttp client and one Jackson mapper per
 * {@link ai.clouvel.sdk.Clouvel} instance, requests labelled with their provider and endpoint,
 * retries only where repeating a call is safe, {@code Retry-After} and rate-limit headers honoured,
 * and failures mapped onto {@link ai.clouvel.sdk.exception.ProviderException} and its subtypes.
 * Secrets never reach a log line or an exception message.
 *
 * <p>Providers reach it through {@link ai.clouvel.sdk.config.ProviderConfig#http()}; see
 * {@link ai.clouvel.sdk.http.HttpSupport} for the rules and the configuration keys.
 */
@Beta
@NullMarked
package ai.clouvel.sdk.http;

import ai.clouvel.sdk.Beta;
import org.jspecify.annotations.NullMarked;
