package ai.clouvel.samples.quickstart;

import ai.clouvel.sdk.pipeline.PipelineEvent;
import ai.clouvel.sdk.pipeline.Stage;
import ai.clouvel.sdk.pipeline.TaskTypes;
import java.util.List;

/**
 * The quickstart, killed the hard way ({@link Runtime#halt}: no shutdown hooks, no finally blocks,
 * like {@code kill -9} or a power cut) right after the commission's list stage saved its checkpoint
 * and before anything was published. Prints the product link it listed first.
 */
public final class CrashAfterListMain {
  /** The exit status of the halt. */
  public static final int HALTED = 137;

  private CrashAfterListMain() {}

  /** Runs the quickstart with {@code args} and halts after the commission's list stage. */
  public static void main(String[] args) {
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    int code = Quickstart.run(args, System.out, System.err, List.of(event -> {
      if (event.kind() == PipelineEvent.Kind.FINISHED && event.stage() == Stage.LIST
          && event.taskType().equals(TaskTypes.SPONSORED_POST)) {
        System.out.println("HALT after list: " + event.detail());
        System.out.flush();
        Runtime.getRuntime().halt(HALTED);
      }
    }));
    System.exit(code);
  }
}
