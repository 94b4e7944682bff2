/**
 * Clouvel's entry point: build a {@link ai.clouvel.sdk.Clouvel} by hand or from configuration.
 */
@NullMarked
package ai.clouvel.sdk;

import org.jspecify.annotations.NullMarked;
