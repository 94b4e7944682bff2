package ai.clouvel.sdk.pipeline;

/**
 * Receives the report of every run in its record stage: analytics, a commission ledger, a
 * notification. An exception fails the record stage (the task is retried), so a recorder must be
 * idempotent by {@link RunReport#taskId()}: a retry may hand it the same report again.
 */
@FunctionalInterface
public interface RunRecorder {
  /** Records one run. */
  void record(RunReport report);
}
