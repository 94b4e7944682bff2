package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.pipeline.RunReport.ScheduledPost;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The publish stage's checkpoint, and (with one entry) each target's.
 *
 * @param publications posts published
 * @param scheduled posts left to {@code PUBLISH} tasks
 */
public record Published(List<Publication> publications, List<ScheduledPost> scheduled) {

  /** Copies the lists; missing lists are empty. */
  public Published {
    publications = publications == null ? List.of() : List.copyOf(publications);
    scheduled = scheduled == null ? List.of() : List.copyOf(scheduled);
  }

  static Published of(@Nullable Publication publication, @Nullable ScheduledPost post) {
    return new Published(publication == null ? List.of() : List.of(publication), post == null ? List.of() : List.of(post));
  }
}
