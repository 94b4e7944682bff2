/**
 * Publishers: the {@code outbox} publisher writes posts to a local JSON Lines file, checked against
 * each platform's rules, so pipelines run end to end offline. Factories are registered in
 * {@code META-INF/services/ai.clouvel.sdk.spi.ProviderFactory}.
 */
@NullMarked
package ai.clouvel.sdk.social;

import org.jspecify.annotations.NullMarked;
