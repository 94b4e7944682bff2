package ai.clouvel.samples.quickstart;

import ai.clouvel.sdk.pipeline.PipelineEvent;
import ai.clouvel.sdk.pipeline.PipelineListener;
import ai.clouvel.sdk.pipeline.Stage;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a plain-text progress bar per task and stage, one line per finished, skipped or failed
 * stage, so it reads the same on a terminal, in a log file or in CI.
 *
 * <pre>
 * task 1 SPONSORED_POST commission quickstart-1
 *   [#.....] 1/6 discover  done      3 ms  java: Records are getting pattern matching
 *   [##....] 2/6 generate  done     41 ms  Pattern Matching Mug
 * </pre>
 */
final class ProgressPrinter implements PipelineListener {
  private static final int STAGES = Stage.values().length;
  private final PrintStream out;

  ProgressPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void onEvent(PipelineEvent e) {
    if (e.kind() == PipelineEvent.Kind.STARTED) {
      if (e.stage() == Stage.DISCOVER) {
        out.println("task " + e.taskId() + " " + e.taskType()
            + (e.commissionId() == null ? "" : " commission " + e.commissionId())
            + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : ""));
      }
      return;
    }
    if (e.kind() == PipelineEvent.Kind.SKIPPED && e.stage() == Stage.DISCOVER) {
      out.println("task " + e.taskId() + " " + e.taskType() + " resumed (attempt " + e.attempt() + ")");
    }
    int n = e.stage().ordinal() + 1;
    String bar = "#".repeat(n) + ".".repeat(STAGES - n);
    String state = switch (e.kind()) {
      case FINISHED -> "done";
      case SKIPPED -> "resumed";
      case FAILED -> "FAILED";
      default -> e.kind().name().toLowerCase(Locale.ROOT);
    };
    String time = e.kind() == PipelineEvent.Kind.SKIPPED ? "" : e.elapsed().toMillis() + " ms";
    out.printf(Locale.ROOT, "  [%s] %d/%d %-9s %-8s %7s  %s%n", bar, n, STAGES, e.stage().id(), state, time,
        e.detail() == null ? "" : oneLine(e.detail()));
    out.flush();
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() > 160 ? line.substring(0, 157) + "..." : line;
  }
}
