package ai.clouvel.sdk.pipeline;

/**
 * Receives an event at every stage start, end and failure, on the thread that runs the task, in
 * order. Listeners must be fast and must not call back into the pipeline; an exception a listener
 * throws is logged and never breaks the run.
 */
@FunctionalInterface
public interface PipelineListener {
  /** Called for each event. */
  void onEvent(PipelineEvent event);
}
