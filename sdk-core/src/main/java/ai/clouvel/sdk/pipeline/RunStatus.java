package ai.clouvel.sdk.pipeline;

/** Where a run is. */
public enum RunStatus {
  /** Begun and not finished; a retry of its task resumes it. */
  RUNNING,
  /** Every stage finished. */
  SUCCEEDED,
  /** An attempt failed; the task may be retried (then the run is {@link #RUNNING} again) or is dead. */
  FAILED
}
