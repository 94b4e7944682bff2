package ai.clouvel.sdk.pipeline;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When a post should go out. A slot after now makes the pipeline enqueue a {@code PUBLISH} task due
 * at the slot instead of publishing at once. The default, {@link #NOW}, publishes at once.
 */
@FunctionalInterface
public interface PublishSlots {
  /** Publishes every post at once. */
  PublishSlots NOW = (publisher, community, now) -> now;

  /**
   * The time to publish with {@code publisher} in {@code community}.
   *
   * @param now the pipeline clock's current time
   * @return {@code now} (or earlier) to publish at once, a later time to schedule
   */
  Instant next(String publisher, @Nullable String community, Instant now);
}
