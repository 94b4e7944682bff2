package ai.clouvel.sdk.pipeline;

import java.util.Locale;

/** The stages of one pipeline run, in the order they run. */
public enum Stage {
  /** Pick the trend: the task's named one, or the best unused candidate of its communities. */
  DISCOVER,
  /** Generate the idea, title, copy per platform and art; store the art. */
  GENERATE,
  /** Check each platform's copy against its rules; regenerate failing copy a bounded number of times. */
  CHECK,
  /** Create the product listing. */
  LIST,
  /** Publish a post on every target, or schedule a {@code PUBLISH} task for a later slot. */
  PUBLISH,
  /** Record the run's report and hand it to the recorders. */
  RECORD;

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The lowercase name used in checkpoints, idempotency keys and events, e.g. {@code discover}. */
  public String id() {
    return id;
  }
}
