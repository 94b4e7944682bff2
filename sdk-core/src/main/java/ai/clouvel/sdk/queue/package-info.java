/**
 * The durable task queue: its contract, {@link ai.clouvel.sdk.queue.TaskQueue}, and the records it takes and returns.
 */
@NullMarked
package ai.clouvel.sdk.queue;

import org.jspecify.annotations.NullMarked;
