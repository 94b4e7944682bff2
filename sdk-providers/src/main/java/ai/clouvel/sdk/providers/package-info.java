/**
 * Embedded, offline providers that need no API key: the {@code sample} and {@code file} trend
 * sources and the {@code template} content generator. Their factories are registered in
 * {@code META-INF/services/ai.clouvel.sdk.spi.ProviderFactory}.
 */
@NullMarked
package ai.clouvel.sdk.providers;

import org.jspecify.annotations.NullMarked;
