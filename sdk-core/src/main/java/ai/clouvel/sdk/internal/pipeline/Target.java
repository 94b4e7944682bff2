package ai.clouvel.sdk.internal.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * Where one post goes: a publisher, and a community on its platform if it has communities.
 *
 * @param publisher the publisher id
 * @param community the community, if any
 */
public record Target(String publisher, @Nullable String community) {

  /** The checkpoint step and idempotency-key part of this target: {@code publisher[:community]}. */
  public String key() {
    return publisher + (community == null ? "" : ":" + community);
  }
}
