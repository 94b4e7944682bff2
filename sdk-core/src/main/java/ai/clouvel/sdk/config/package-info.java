/**
 * Immutable configuration read from maps, properties and the environment, and the redacted {@link ai.clouvel.sdk.config.Secret} type.
 */
@NullMarked
package ai.clouvel.sdk.config;

import org.jspecify.annotations.NullMarked;
