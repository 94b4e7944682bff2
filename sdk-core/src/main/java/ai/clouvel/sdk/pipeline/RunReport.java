package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.internal.Checks;
import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.queue.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one finished run made: saved by the record stage and handed to every {@link RunRecorder}.
 *
 * @param taskId the task
 * @param taskType the task's type
 * @param accountId the account
 * @param commissionId the commission that paid for it, if any
 * @param trend the trend it is about
 * @param content the generated content that passed the checks (art by URL, without its bytes)
 * @param regenerations how many times the content was regenerated to pass the checks
 * @param listing the product listing
 * @param publications the posts published; copied
 * @param scheduled the {@code PUBLISH} tasks enqueued for later slots; copied
 * @param timings how long each stage before record took, in the attempt that finished it; copied
 * @param finishedAt when the record stage ran
 */
public record RunReport(
    TaskId taskId,
    String taskType,
    String accountId,
    @Nullable String commissionId,
    Trend trend,
    Content content,
    int regenerations,
    Listing listing,
    List<Publication> publications,
    List<ScheduledPost> scheduled,
    Map<Stage, Duration> timings,
    Instant finishedAt) {

  /**
   * A post left for a later slot.
   *
   * @param taskId the {@code PUBLISH} task that will publish it
   * @param publisher the publisher id
   * @param community the community, if any
   * @param at when it is due
   */
  public record ScheduledPost(TaskId taskId, String publisher, @Nullable String community, Instant at) {}

  /** Validates every field and copies the collections. */
  public RunReport {
    Checks.of("RunReport")
        .notNull(taskId, "taskId")
        .notBlank(taskType, "taskType")
        .notBlank(accountId, "accountId")
        .notNull(trend, "trend")
        .notNull(content, "content")
        .notNull(listing, "listing")
        .noNulls(publications, "publications")
        .noNulls(scheduled, "scheduled")
        .notNull(timings, "timings")
        .notNull(finishedAt, "finishedAt")
        .validate();
    publications = List.copyOf(publications);
    scheduled = List.copyOf(scheduled);
    timings = Map.copyOf(timings);
  }
}
