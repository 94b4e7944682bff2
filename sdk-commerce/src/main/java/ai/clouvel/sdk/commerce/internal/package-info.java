/**
 * Implementations of the commerce providers; not part of the public API and may change without notice.
 */
@NullMarked
package ai.clouvel.sdk.commerce.internal;

import org.jspecify.annotations.NullMarked;
