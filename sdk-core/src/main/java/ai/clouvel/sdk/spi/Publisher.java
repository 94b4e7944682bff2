package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.Publication;
import java.util.Optional;

/** Publishes posts on one platform. */
public interface Publisher extends Provider {
  /** What the platform accepts in one post. */
  PlatformRules rules();

  /**
   * Publishes a post. Implementations pass the post's idempotency key to platforms that support
   * one; for the others the SDK calls {@link #findPublished} before publishing again.
   *
   * @throws ai.clouvel.sdk.exception.InvalidContentException when the platform rejects the post
   * @throws ai.clouvel.sdk.exception.OutcomeUnknownException when the post may or may not exist
   * @throws ai.clouvel.sdk.exception.ProviderException for other failures
   */
  Publication publish(Post post);

  /**
   * Looks for a post published earlier with the same idempotency key, so that a retry after an
   * unknown outcome does not post twice. The default finds nothing; publishers that can search
   * their recent posts override it.
   */
  default Optional<Publication> findPublished(Post post) {
    return Optional.empty();
  }
}
