/**
 * The pipeline engine: discover a trend, generate copy and art, check it against each platform's
 * rules, create a listing, publish posts and record the run, with every stage's output saved to a
 * {@link ai.clouvel.sdk.pipeline.RunStore} checkpoint so that a retried task resumes after its
 * last finished stage. Build one with {@link ai.clouvel.sdk.pipeline.Pipeline#builder}.
 */
@NullMarked
package ai.clouvel.sdk.pipeline;

import org.jspecify.annotations.NullMarked;
