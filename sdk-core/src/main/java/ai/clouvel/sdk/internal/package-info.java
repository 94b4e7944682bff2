/**
 * Implementation details; not part of the public API and may change without notice.
 */
@NullMarked
package ai.clouvel.sdk.internal;

import org.jspecify.annotations.NullMarked;
