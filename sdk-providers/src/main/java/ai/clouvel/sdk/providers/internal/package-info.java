/**
 * Implementations of the embedded providers; not part of the public API and may change without notice.
 */
@NullMarked
package ai.clouvel.sdk.providers.internal;

import org.jspecify.annotations.NullMarked;
