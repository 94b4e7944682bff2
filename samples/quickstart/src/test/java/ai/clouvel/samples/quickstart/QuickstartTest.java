package ai.clouvel.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Quickstart.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static List<JsonNode> outbox(Path out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("outbox.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void run_writes_the_outbox_and_a_report_of_everything_it_made() throws Exception {
    Path out = dir.resolve("out");
    long started = System.nanoTime();

    Result r = cli("run", "--out", out.toString(), "--count", "2", "--communities", "coffee,java", "--seed", "3");

    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(millis).as("the whole run, in process").isLessThan(45_000);
    assertThat(r.out()).contains("Enqueued a sponsored commission", "3 tasks run: 3 succeeded, 0 failed, 6 posts");
    assertThat(r.out().lines().filter(l -> l.contains("[######] 6/6 record    done"))).hasSize(3);

    List<JsonNode> posts = outbox(out);
    assertThat(posts).as("one post per task and platform").hasSize(6);
    assertThat(posts).extracting(p -> p.get("platform").asText()).containsOnly("reddit", "x");
    assertThat(posts).extracting(p -> p.get("idempotencyKey").asText()).doesNotHaveDuplicates();
    assertThat(posts.get(0).get("community").asText()).as("the commission posts in the first community")
        .isEqualTo("coffee");
    String html = Files.readString(out.resolve("report.html"));
    for (JsonNode post : posts) {
      assertThat(html).contains(post.get("postId").asText(), HtmlReport.esc(post.get("title").asText()));
      // The post links to the product the run listed, and the report shows that link.
      String body = post.get("body").asText();
      String link = body.substring(body.lastIndexOf("\n") + 1);
      assertThat(link).startsWith("https://www.zazzle.com/");
      assertThat(html).contains(HtmlReport.esc(link));
      // The art is stored in the out directory and the post carries its URL.
      Path art = Path.of(java.net.URI.create(post.get("media").get("url").asText()));
      assertThat(art).exists().startsWith(out.resolve("assets").toAbsolutePath());
    }
    assertThat(html).contains("SPONSORED_POST", "FRONT_PICK", "commission quickstart-", "Timings",
        "Copy for <strong>x</strong>", "Copy for <strong>reddit</strong>");
  }

  @Test
  void help_lists_the_commands_and_options() {
    Result r = cli("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("run", "providers", "--communities", "--count", "--store", "--out", "Exit codes");
    assertThat(cli("help").out()).isEqualTo(r.out());
  }

  @Test
  void providers_lists_every_role_with_its_keys() {
    Result r = cli("providers");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("TrendSource:", "sample", "file", "ContentGenerator:", "template",
        "CommerceProvider:", "zazzle", "clouvel.zazzle.associate-id (CLOUVEL_ZAZZLE_ASSOCIATE_ID) required",
        "Publisher:", "outbox", "clouvel.outbox.path", "PaymentGateway:");
  }

  @Test
  void bad_options_fail_with_exit_code_2_naming_the_option() {
    assertThat(cli("run", "--count", "many")).satisfies(r -> {
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--count", "many");
    });
    assertThat(cli("run", "--store", "mongo:x").err()).contains("--store", "memory, h2:<file> or jdbc:<url>");
    assertThat(cli("run", "--colour").err()).contains("Unknown option '--colour'");
    assertThat(cli("launch").err()).contains("Unknown command 'launch'");
    assertThat(cli("run", "--out").err()).contains("--out needs a value");
    assertThat(cli("run", "--lease", "soon").code()).isEqualTo(2);
    assertThat(cli("run", "--communities", ",").err()).contains("--communities");
    assertThat(cli("run", "--platforms", "myspace").err()).contains("--platforms", "myspace", "reddit, x");
  }

  @Test
  void an_unknown_community_fails_the_run_with_exit_code_1_naming_it() throws Exception {
    Path out = dir.resolve("out");
    Result r = cli("run", "--out", out.toString(), "--count", "0", "--communities", "nowhere");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("SPONSORED_POST failed", "nowhere", "known communities");
    assertThat(r.out()).contains("[#.....] 1/6 discover  FAILED");
    assertThat(Files.readString(out.resolve("report.html"))).contains("FAILED", "nowhere");
  }

  @Test
  void a_store_that_cannot_be_opened_fails_with_exit_code_3() {
    Result r = cli("run", "--out", dir.resolve("out").toString(), "--store", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("Cannot open the store", "jdbc:postgresql://127.0.0.1:1/none");
  }
}
