package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.pipeline.PipelineEvent;
import ai.clouvel.sdk.pipeline.PipelineListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands events to listeners; a listener's exception is logged and never reaches the run. */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final List<PipelineListener> listeners;

  Events(List<PipelineListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Whether there is no listener, so no event need be built. */
  boolean isEmpty() {
    return listeners.isEmpty();
  }

  void emit(PipelineEvent event) {
    for (PipelineListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) { // NOPMD: a listener must never break the run
        LOG.warn("Pipeline listener {} threw {} on {}; ignored", listener, e, event);
        LOG.debug("Pipeline listener failure", e);
      }
    }
  }
}
