package ai.clouvel.samples.quickstart;

import ai.clouvel.sdk.config.ClouvelConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parsed command line.
 *
 * @param command {@code run}, {@code providers} or {@code help}
 * @param communities the communities to take trends from; the commission goes to the first
 * @param count how many discovery picks to enqueue
 * @param store {@code memory}, {@code h2:<file>} or {@code jdbc:<url>}
 * @param out the directory for the outbox, the art and the report
 * @param lease how long a task is held before another run may take it over
 * @param seed the seed of the discovery picks, if set
 * @param platforms the platforms to post to, each through its own outbox
 */
record Options(String command, List<String> communities, int count, String store, Path out, Duration lease,
    @Nullable Long seed, List<String> platforms) {

  static final List<String> DEFAULT_COMMUNITIES = List.of("java", "coffee", "cats");
  static final int DEFAULT_COUNT = 3;
  static final String DEFAULT_STORE = "memory";
  static final String DEFAULT_OUT = "clouvel-out";
  static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  static final List<String> DEFAULT_PLATFORMS = List.of("reddit", "x");
  static final List<String> PLATFORMS = List.of("reddit", "x", "tiktok", "instagram");

  private static final List<String> COMMANDS = List.of("run", "providers", "help");

  static Options parse(String... args) {
    String command = null;
    List<String> communities = DEFAULT_COMMUNITIES;
    int count = DEFAULT_COUNT;
    String store = DEFAULT_STORE;
    Path out = Path.of(DEFAULT_OUT);
    Duration lease = DEFAULT_LEASE;
    Long seed = null;
    List<String> platforms = DEFAULT_PLATFORMS;
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        return new Options("help", communities, count, store, out, lease, seed, platforms);
      }
      if (!arg.startsWith("-")) {
        if (command != null) {
          throw new UsageException("Unexpected argument '" + arg + "': give one command (" + String.join(", ", COMMANDS)
              + ")");
        }
        if (!COMMANDS.contains(arg)) {
          throw new UsageException("Unknown command '" + arg + "'; commands: " + String.join(", ", COMMANDS));
        }
        command = arg;
        continue;
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        if (!Map.of("--communities", 1, "--count", 1, "--store", 1, "--out", 1, "--lease", 1, "--seed", 1,
            "--platforms", 1)
            .containsKey(name)) {
          throw new UsageException("Unknown option '" + name + "'; see --help");
        }
        if (i + 1 >= rest.size()) {
          throw new UsageException("Option " + name + " needs a value; see --help");
        }
        value = rest.get(++i);
      }
      switch (name) {
        case "--communities" -> communities = communities(value);
        case "--count" -> count = count(value);
        case "--store" -> store = store(value);
        case "--out" -> out = out(value);
        case "--lease" -> lease = lease(value);
        case "--seed" -> seed = seed(value);
        case "--platforms" -> platforms = platforms(value);
        default -> throw new UsageException("Unknown option '" + name + "'; see --help");
      }
    }
    return new Options(command == null ? "run" : command, communities, count, store, out, lease, seed, platforms);
  }

  private static List<String> communities(String value) {
    List<String> list = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (list.isEmpty()) {
      throw new UsageException("Option --communities needs at least one community, e.g. --communities java,coffee");
    }
    for (String c : list) {
      if (!c.matches("[A-Za-z0-9_-]{1,50}")) {
        throw new UsageException("Option --communities: '" + c + "' is not a community name (letters, digits, _ -)");
      }
    }
    return list;
  }

  private static List<String> platforms(String value) {
    List<String> list = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct()
        .toList();
    if (list.isEmpty()) {
      throw new UsageException("Option --platforms needs at least one platform: " + String.join(", ", PLATFORMS));
    }
    for (String p : list) {
      if (!PLATFORMS.contains(p)) {
        throw new UsageException("Option --platforms: unknown platform '" + p + "'; known: "
            + String.join(", ", PLATFORMS));
      }
    }
    return list;
  }

  private static int count(String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n < 0 || n > 100) {
        throw new UsageException("Option --count must be between 0 and 100, was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("Option --count must be a whole number, was '" + value + "'");
    }
  }

  private static String store(String value) {
    String v = value.strip();
    if (v.equals("memory")) {
      return v;
    }
    if (v.startsWith("h2:") && v.length() > 3) {
      out(v.substring(3));
      return v;
    }
    if (v.startsWith("jdbc:postgresql:") || v.startsWith("jdbc:h2:")) {
      return v;
    }
    throw new UsageException("Option --store must be memory, h2:<file> or jdbc:<url> (PostgreSQL or H2), was '"
        + value + "'");
  }

  private static Path out(String value) {
    try {
      if (value.isBlank()) {
        throw new UsageException("Option --out needs a directory");
      }
      return Path.of(value.strip());
    } catch (InvalidPathException e) {
      throw new UsageException("Option --out: '" + value + "' is not a path: " + e.getReason());
    }
  }

  private static Duration lease(String value) {
    try {
      Duration d = ClouvelConfig.fromMap(Map.of("lease", value)).duration("lease");
      if (d.isNegative() || d.isZero()) {
        throw new UsageException("Option --lease must be positive, was '" + value + "'");
      }
      return d;
    } catch (ai.clouvel.sdk.exception.ConfigurationException e) {
      throw new UsageException("Option --lease must be a duration such as 30s, 2m or 500ms, was '" + value + "'");
    }
  }

  private static Long seed(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new UsageException("Option --seed must be a whole number, was '" + value + "'");
    }
  }

  static String help() {
    return """
        Clouvel quickstart: runs the pipeline offline, end to end, with the embedded providers.

        Usage: java -jar quickstart.jar [command] [options]

        Commands:
          run         (default) enqueue a sponsored commission and discovery picks, run them until the
                      queue is drained, and write the outbox and an HTML report of each run
          providers   list every installed provider per role, with the configuration keys it reads
          help        show this help

        Options of run:
          --communities LIST   communities to take trends from, comma-separated; the commission goes to
                               the first (default: java,coffee,cats)
          --count N            discovery picks to enqueue, 0 to 100 (default: 3)
          --store STORE        memory, h2:<file> or jdbc:<url> (default: memory). With a durable store a
                               second run first finishes what an interrupted run left, without
                               repeating the stages it finished
          --out DIR            where to write outbox.jsonl, assets/ and report.html (default: clouvel-out)
          --platforms LIST     platforms to post to through the outbox: reddit, x, tiktok, instagram
                               (default: reddit,x)
          --lease DURATION     how long a task is held before another run may take it over (default: 30s)
          --seed N             seed the discovery picks for a repeatable run
          -h, --help           show this help

        Every provider key can also come from the environment, e.g. CLOUVEL_ZAZZLE_ASSOCIATE_ID.

        Exit codes: 0 every task succeeded; 1 a task failed; 2 bad command line; 3 set-up or store error.
        """;
  }
}
