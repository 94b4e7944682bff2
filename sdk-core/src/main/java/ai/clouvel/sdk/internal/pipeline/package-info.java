/** The pipeline engine's implementation: stages, run stores, payload codec. Internal. */
@NullMarked
package ai.clouvel.sdk.internal.pipeline;

import org.jspecify.annotations.NullMarked;
