package ai.clouvel.samples.quickstart;

import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.spi.Publisher;
import java.util.Optional;

/**
 * The {@code outbox} publisher for one platform, under its own id ({@code outbox-x},
 * {@code outbox-reddit}), so one pipeline can post to several platforms' outboxes. Every instance
 * appends to the same file; the outbox deduplicates by idempotency key across instances.
 */
final class PlatformOutbox implements Publisher {
  private final String id;
  private final Publisher outbox;

  PlatformOutbox(Publisher outbox) {
    this.outbox = outbox;
    this.id = outbox.id() + "-" + outbox.rules().platform();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public PlatformRules rules() {
    return outbox.rules();
  }

  @Override
  public Publication publish(Post post) {
    return outbox.publish(post);
  }

  @Override
  public Optional<Publication> findPublished(Post post) {
    return outbox.findPublished(post);
  }

  @Override
  public String toString() {
    return id;
  }
}
