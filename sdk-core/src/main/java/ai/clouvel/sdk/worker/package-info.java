/**
 * Runs task handlers against a {@link ai.clouvel.sdk.queue.TaskQueue}.
 */
@NullMarked
package ai.clouvel.sdk.worker;

import org.jspecify.annotations.NullMarked;
