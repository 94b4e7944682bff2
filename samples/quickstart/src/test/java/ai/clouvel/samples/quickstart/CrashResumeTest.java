package ai.clouvel.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed between the list and publish stages resumes, in a new process, with the same
 * product and publishes each post exactly once.
 */
class CrashResumeTest {
  @TempDir
  Path dir;

  @Test
  void a_run_killed_after_listing_resumes_with_the_same_product_and_posts_once() throws Exception {
    Path out = dir.resolve("out");
    String[] args = {"run", "--store", "h2:" + dir.resolve("store"), "--out", out.toString(), "--count", "2",
        "--lease", "1s", "--seed", "5"};

    // 1. A separate JVM runs the quickstart on an H2 file and halts right after the commission's list checkpoint.
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashAfterListMain.class.getName()));
    command.addAll(List.of(args));
    Process crashed = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(crashed.waitFor(60, TimeUnit.SECONDS)).as("the first run halts").isTrue();
    String first = new String(crashed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(crashed.exitValue()).as(first).isEqualTo(CrashAfterListMain.HALTED);
    String listed = first.lines().filter(l -> l.startsWith("HALT after list: ")).findFirst().orElseThrow()
        .substring("HALT after list: ".length());
    assertThat(listed).startsWith("https://www.zazzle.com/");
    assertThat(first).doesNotContain("5/6 publish");
    assertThat(!Files.exists(out.resolve("outbox.jsonl")) || Files.readAllLines(out.resolve("outbox.jsonl")).isEmpty())
        .as("nothing was published before the crash").isTrue();

    // 2. The same command, in this JVM, on the same H2 file: resumes and finishes everything.
    QuickstartTest.Result second = QuickstartTest.cli(args);

    assertThat(second.code()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("Resuming 3 unfinished tasks").doesNotContain("Enqueued");
    // The commission's finished stages are not repeated: discover to list resume from their checkpoints.
    assertThat(second.out()).contains("task 1 SPONSORED_POST resumed (attempt 2)",
        "[####..] 4/6 list      resumed", "[#####.] 5/6 publish   done");
    assertThat(second.out().lines().filter(l -> l.contains("4/6 list      done"))).hasSize(2);
    assertThat(second.out()).contains("3 tasks run: 3 succeeded, 0 failed, 6 posts");

    List<JsonNode> posts = QuickstartTest.outbox(out);
    assertThat(posts).as("one line per task and platform").hasSize(6);
    assertThat(posts).extracting(p -> p.get("idempotencyKey").asText()).doesNotHaveDuplicates();
    List<JsonNode> commission = posts.stream().filter(p -> p.get("idempotencyKey").asText().startsWith("default:1:"))
        .toList();
    assertThat(commission).hasSize(2);
    for (JsonNode post : commission) {
      String body = post.get("body").asText();
      assertThat(body.substring(body.lastIndexOf('\n') + 1))
          .as("the post links to the product listed before the crash").startsWith(listed);
    }

    // 3. Running again starts a new batch; the finished runs are never published twice.
    QuickstartTest.Result third = QuickstartTest.cli(args);
    assertThat(third.code()).as(third.out() + third.err()).isIn(0, 1);
    List<JsonNode> after = QuickstartTest.outbox(out);
    assertThat(after.subList(0, 6)).isEqualTo(posts);
    assertThat(after).extracting(p -> p.get("idempotencyKey").asText()).doesNotHaveDuplicates();
  }
}
