/**
 * Commerce providers: the {@code zazzle} provider builds Zazzle Create-a-Product links offline.
 * Factories are registered in {@code META-INF/services/ai.clouvel.sdk.spi.ProviderFactory}.
 */
@NullMarked
package ai.clouvel.sdk.commerce;

import org.jspecify.annotations.NullMarked;
