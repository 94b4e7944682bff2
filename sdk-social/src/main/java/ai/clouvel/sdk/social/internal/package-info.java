/**
 * Implementations of the publishers; not part of the public API and may change without notice.
 */
@NullMarked
package ai.clouvel.sdk.social.internal;

import org.jspecify.annotations.NullMarked;
