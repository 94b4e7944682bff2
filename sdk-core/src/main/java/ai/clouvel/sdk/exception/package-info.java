/**
 * The exception tree: one unchecked root, {@link ai.clouvel.sdk.exception.ClouvelException}, with subtypes that say what went wrong and whether a retry can help.
 */
@NullMarked
package ai.clouvel.sdk.exception;

import org.jspecify.annotations.NullMarked;
