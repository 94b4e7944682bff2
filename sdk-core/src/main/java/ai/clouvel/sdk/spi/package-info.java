/**
 * The service provider interfaces that provider modules implement, and the {@link ai.clouvel.sdk.spi.ProviderFactory} discovery mechanism.
 */
@NullMarked
package ai.clouvel.sdk.spi;

import org.jspecify.annotations.NullMarked;
