package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.internal.Checks;
import ai.clouvel.sdk.pipeline.RunId;
import ai.clouvel.sdk.pipeline.RunStatus;
import ai.clouvel.sdk.queue.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** The argument checks every {@link ai.clouvel.sdk.pipeline.RunStore} shares. */
final class RunStoreChecks {
  private static final String SUBJECT = "RunStore";

  private RunStoreChecks() {}

  static void id(@Nullable RunId id) {
    Checks.of(SUBJECT).notNull(id, "id").validate();
  }

  static void begin(@Nullable RunId id, @Nullable String taskType, @Nullable Instant at) {
    Checks.of(SUBJECT).notNull(id, "id").notBlank(taskType, "taskType")
        .check(taskType == null || taskType.length() <= 64, "taskType", "must be at most 64 characters")
        .notNull(at, "at").validate();
  }

  static void step(@Nullable RunId id, @Nullable String step, @Nullable Instant at) {
    Checks.of(SUBJECT).notNull(id, "id").notBlank(step, "step")
        .check(step == null || step.length() <= 200, "step", "must be at most 200 characters")
        .notNull(at, "at").validate();
  }

  static void done(@Nullable RunId id, @Nullable String step, @Nullable String output, @Nullable Duration elapsed,
      @Nullable Instant at) {
    step(id, step, at);
    Checks.of(SUBJECT).notNull(output, "output")
        .check(elapsed != null && !elapsed.isNegative(), "elapsed", "must not be negative").validate();
  }

  static void finish(@Nullable RunId id, @Nullable RunStatus status, @Nullable Instant at) {
    Checks.of(SUBJECT).notNull(id, "id")
        .check(status == RunStatus.SUCCEEDED || status == RunStatus.FAILED, "status",
            "must be SUCCEEDED or FAILED, was " + status)
        .notNull(at, "at").validate();
  }

  static void list(@Nullable String accountId, int limit) {
    Checks.of(SUBJECT).notBlank(accountId, "accountId")
        .check(limit >= 1 && limit <= 1000, "limit", "must be between 1 and 1000, was " + limit).validate();
  }

  static void useTrend(@Nullable String accountId, @Nullable String trendKey, @Nullable TaskId by,
      @Nullable Instant at) {
    Checks.of(SUBJECT).notBlank(accountId, "accountId").notBlank(trendKey, "trendKey")
        .check(trendKey == null || trendKey.length() <= 300, "trendKey", "must be at most 300 characters")
        .notNull(by, "by").notNull(at, "at").validate();
  }

  static void usedTrends(@Nullable String accountId, @Nullable Collection<String> keys) {
    Checks.of(SUBJECT).notBlank(accountId, "accountId").noNulls(keys, "trendKeys").validate();
  }
}
