package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A post as published.
 *
 * @param publisher the publisher's id
 * @param platform the platform's id
 * @param postId the platform's id for the post
 * @param url where it can be seen, if the platform gives one
 * @param publishedAt when it was published
 * @param idempotencyKey the key of the {@link Post} it came from
 */
public record Publication(
    String publisher, String platform, String postId, @Nullable URI url, Instant publishedAt, String idempotencyKey) {

  /** Validates every field. */
  public Publication {
    Checks.of("Publication")
        .notBlank(publisher, "publisher")
        .notBlank(platform, "platform")
        .notBlank(postId, "postId")
        .notNull(publishedAt, "publishedAt")
        .notBlank(idempotencyKey, "idempotencyKey")
        .validate();
  }
}
