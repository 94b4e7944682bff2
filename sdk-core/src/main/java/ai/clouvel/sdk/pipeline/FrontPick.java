package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import java.util.List;

/**
 * Discovery when nothing paid is queued: pick one of the communities at random, take its best
 * unused trend, and make and post a product about it.
 *
 * @param communities the communities to pick from; empty for the pipeline's configured ones
 */
public record FrontPick(List<String> communities) implements TaskPayload {

  /** Validates and copies the list; a missing list is empty. */
  public FrontPick {
    communities = communities == null ? List.of() : communities;
    Checks.of("FrontPick")
        .noNulls(communities, "communities")
        .check(communities.stream().allMatch(c -> c == null || !c.isBlank()), "communities",
            "must not contain a blank name")
        .validate();
    communities = List.copyOf(communities);
  }

  /** A pick among {@code communities}. */
  public static FrontPick of(String... communities) {
    return new FrontPick(List.of(communities));
  }

  @Override
  public String taskType() {
    return TaskTypes.FRONT_PICK;
  }

  @Override
  public int defaultPriority() {
    return TaskTypes.FRONT_PICK_PRIORITY;
  }

  @Override
  public @org.jspecify.annotations.Nullable String deduplicationKey() {
    return null;
  }
}
