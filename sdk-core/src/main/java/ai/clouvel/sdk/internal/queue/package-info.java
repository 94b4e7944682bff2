/** Implementation of the task queues: shared input checks and the JDBC dialects' SQL. Internal. */
@NullMarked
package ai.clouvel.sdk.internal.queue;

import org.jspecify.annotations.NullMarked;
