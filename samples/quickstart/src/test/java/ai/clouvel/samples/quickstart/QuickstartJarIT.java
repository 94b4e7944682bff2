package ai.clouvel.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run the way the README says: {@code java -jar samples/quickstart/target/quickstart.jar}. */
class QuickstartJarIT {
  @TempDir
  Path dir;

  private static Path jar() {
    Path jar = Path.of(System.getProperty("basedir", "."), "target", "quickstart.jar");
    assertThat(jar).as("built by the package phase").exists();
    return jar;
  }

  private static String[] java(Path jar, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  @Test
  void the_jar_runs_the_whole_quickstart_in_well_under_a_minute() throws Exception {
    Path out = dir.resolve("out");
    long started = System.nanoTime();
    Process p = new ProcessBuilder(java(jar(), "run", "--out", out.toString())).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    long millis = (System.nanoTime() - started) / 1_000_000;
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(output).isZero();
    // About 5 s on an idle machine; the bound leaves room for a loaded CI host.
    assertThat(millis).as("wall time of java -jar quickstart.jar run, JVM start included").isLessThan(45_000);
    assertThat(output).contains("4 tasks run: 4 succeeded, 0 failed, 8 posts published").doesNotContain("SLF4J");
    assertThat(Files.readAllLines(out.resolve("outbox.jsonl"))).hasSize(8);
    assertThat(out.resolve("report.html")).exists();
  }

  @Test
  void the_jar_finds_every_provider_through_its_merged_service_files() throws Exception {
    Process p = new ProcessBuilder(java(jar(), "providers")).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("  sample - ", "  file - ", "  template - ", "  zazzle - ", "  outbox - ");
  }
}
