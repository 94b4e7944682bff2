package ai.clouvel.samples.quickstart;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.assets.AssetStore;
import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.pipeline.FrontPick;
import ai.clouvel.sdk.pipeline.Pipeline;
import ai.clouvel.sdk.pipeline.PipelineListener;
import ai.clouvel.sdk.pipeline.Run;
import ai.clouvel.sdk.pipeline.RunId;
import ai.clouvel.sdk.pipeline.SponsoredPost;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Failure;
import ai.clouvel.sdk.queue.QueueStats;
import ai.clouvel.sdk.queue.TaskSpec;
import ai.clouvel.sdk.queue.TaskStatus;
import ai.clouvel.sdk.spi.Provider;
import ai.clouvel.sdk.spi.ProviderFactory;
import ai.clouvel.sdk.spi.ProviderRegistry;
import ai.clouvel.sdk.spi.Publisher;
import ai.clouvel.sdk.worker.TaskWorker;
import ai.clouvel.sdk.worker.WorkerListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The quickstart command line: {@code java -jar quickstart.jar [run|providers|help] [options]}.
 * {@link #run(String[], PrintStream, PrintStream)} is the whole program, callable in-process.
 */
public final class Quickstart {
  /** Every task succeeded, or the command did what it was asked. */
  public static final int OK = 0;
  /** At least one task failed (it is kept, dead, with its error). */
  public static final int TASK_FAILED = 1;
  /** The command line is wrong. */
  public static final int USAGE = 2;
  /** The providers or the store could not be set up, or a run failed unexpectedly. */
  public static final int SETUP = 3;

  private Quickstart() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // The CLI has no logging back end; keep SLF4J's own notice about that off the console.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line, writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, List.of());
  }

  /**
   * Runs the command line with extra pipeline listeners (e.g. a host's own progress display).
   *
   * @return the exit code: {@link #OK}, {@link #TASK_FAILED}, {@link #USAGE} or {@link #SETUP}
   */
  public static int run(String[] args, PrintStream out, PrintStream err, List<PipelineListener> listeners) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    }
    try {
      return switch (options.command()) {
        case "help" -> {
          out.print(Options.help());
          yield OK;
        }
        case "providers" -> providers(out);
        default -> runPipeline(options, out, err, listeners);
      };
    } catch (ClouvelException | IllegalStateException | IOException e) {
      err.println("error: " + e.getMessage());
      return SETUP;
    }
  }

  /** The configuration of the embedded providers, writing into {@code out}; the environment can override it. */
  static ClouvelConfig config(Path out) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(Clouvel.TREND_SOURCES, "sample");
    entries.put(Clouvel.CONTENT_GENERATOR, "template");
    entries.put(Clouvel.COMMERCE, "zazzle");
    entries.put("clouvel.zazzle.associate-id", "238000000000000000");
    entries.put("clouvel.zazzle.product-template-id", "235000000000000000");
    entries.put("clouvel.zazzle.tracking-code", "quickstart");
    entries.put("clouvel.outbox.path", out.resolve("outbox.jsonl").toString());
    return ClouvelConfig.fromMap(entries).withEnvironment(System.getenv());
  }

  private static int runPipeline(Options o, PrintStream out, PrintStream err, List<PipelineListener> extra)
      throws IOException {
    long started = System.nanoTime();
    Files.createDirectories(o.out());
    Clock clock = Clock.systemUTC();
    List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
    ClouvelConfig config = config(o.out());
    ProviderRegistry registry = ProviderRegistry.load();
    Clouvel.Builder assembly = Clouvel.builder().config(config).registry(registry).clock(clock);
    for (String platform : o.platforms()) {
      // One outbox per platform, each checking posts against its platform's rules.
      ClouvelConfig forPlatform = config.with(Map.of("clouvel.outbox.platform", platform));
      assembly.publisher(new PlatformOutbox(registry.create(Publisher.class, "outbox",
          new ProviderConfig("outbox", forPlatform, clock))));
    }
    try (Clouvel clouvel = assembly.build(); Stores stores = Stores.open(o.store(), clock)) {
      Pipeline.Builder builder = clouvel.pipeline()
          .queue(stores.queue())
          .runStore(stores.runs())
          .assetStore(AssetStore.localDirectory(o.out().resolve("assets")))
          .communities(o.communities())
          .discoveryWhenIdle(false)
          .listener(new ProgressPrinter(out))
          .random(o.seed() == null ? new Random() : new Random(o.seed()));
      extra.forEach(builder::listener);
      try (Pipeline pipeline = builder.build()) {
        QueueStats before = stores.queue().stats();
        long unfinished = before.count(TaskStatus.QUEUED) + before.count(TaskStatus.RUNNING);
        if (unfinished > 0) {
          out.println("Resuming " + unfinished + " unfinished task" + (unfinished == 1 ? "" : "s") + " in "
              + stores.description() + "; nothing new is enqueued.");
        } else {
          enqueue(pipeline, o, clock, out);
        }
        drain(pipeline, stores, o, out, outcomes);
        List<Run> runs = stores.runs().list(TaskSpec.DEFAULT_ACCOUNT, 1000);
        Path report = o.out().resolve("report.html");
        HtmlReport.write(report, runs, run -> pipeline.report(run.id()));
        long failed = outcomes.stream().filter(r -> r.error() != null).count();
        long posts = outcomes.stream().filter(r -> r.error() == null)
            .mapToLong(r -> pipeline.report(new RunId(r.task().task().accountId(), r.task().id()))
                .map(r2 -> r2.publications().size()).orElse(0))
            .sum();
        out.println();
        out.printf("%d task%s run: %d succeeded, %d failed, %d post%s published, in %d ms.%n", outcomes.size(),
            outcomes.size() == 1 ? "" : "s", outcomes.size() - failed, failed, posts, posts == 1 ? "" : "s",
            Duration.ofNanos(System.nanoTime() - started).toMillis());
        out.println("Outbox: " + o.out().resolve("outbox.jsonl"));
        out.println("Report: " + report);
        for (Outcome r : outcomes) {
          if (r.error() != null) {
            err.println("task " + r.task().id() + " " + r.task().type() + " failed: " + r.error());
          }
        }
        return failed > 0 ? TASK_FAILED : OK;
      }
    }
  }

  private static void enqueue(Pipeline pipeline, Options o, Clock clock, PrintStream out) {
    String commission = "quickstart-" + clock.millis();
    String community = o.communities().get(0);
    pipeline.enqueue(new SponsoredPost(commission, community,
        "Celebrate what the " + community + " community loves this week", "Quickstart sponsor", List.of()));
    for (int i = 0; i < o.count(); i++) {
      pipeline.queue().enqueue(pipeline.taskSpec(new FrontPick(o.communities())).uniqueKey(null).build());
    }
    out.println("Enqueued a sponsored commission (" + commission + ") for " + community + " and " + o.count()
        + " discovery pick" + (o.count() == 1 ? "" : "s") + " over " + String.join(", ", o.communities()) + ".");
  }

  /**
   * Runs a {@link TaskWorker} with the pipeline's handlers until no task is queued or running: it
   * waits for retries' backoff and for tasks a stopped run still holds until their lease expires.
   */
  private static void drain(Pipeline pipeline, Stores stores, Options o, PrintStream out, List<Outcome> outcomes) {
    TaskWorker.Builder builder = TaskWorker.builder(stores.queue())
        .name("quickstart-" + ProcessHandle.current().pid())
        .concurrency(1)
        .lease(o.lease())
        .pollInterval(Duration.ofMillis(20), Duration.ofMillis(200))
        .listener(new WorkerListener() {
          @Override
          public void onSucceeded(ClaimedTask task, Duration handlerTime) {
            outcomes.add(new Outcome(task, null));
          }

          @Override
          public void onDead(ClaimedTask task, Failure failure) {
            outcomes.add(new Outcome(task, failure.message()));
          }
        });
    pipeline.handlers().forEach(builder::handler);
    Instant giveUp = Instant.now().plus(o.lease()).plus(Duration.ofMinutes(2));
    boolean told = false;
    try (TaskWorker worker = builder.build().start()) {
      while (true) {
        worker.drain(Duration.ofMinutes(5));
        QueueStats stats = stores.queue().stats();
        if (stats.count(TaskStatus.QUEUED) + stats.count(TaskStatus.RUNNING) == 0) {
          return;
        }
        if (!told) {
          out.println("waiting: " + stats.count(TaskStatus.QUEUED) + " queued (a retry after its backoff, or a task"
              + " a stopped run held until its lease of " + o.lease().toSeconds() + " s expires), "
              + stats.count(TaskStatus.RUNNING) + " running");
          told = true;
        }
        if (Instant.now().isAfter(giveUp)) {
          throw new IllegalStateException("Tasks are still waiting; run again later to finish them");
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running tasks", e);
    }
  }

  /** A task the worker finished: succeeded, or dead with its error. */
  private record Outcome(ClaimedTask task, @Nullable String error) {}

  private static int providers(PrintStream out) {
    ProviderRegistry registry = ProviderRegistry.load();
    for (Class<? extends Provider> role : ProviderFactory.ROLES) {
      out.println(role.getSimpleName() + ":");
      List<? extends ProviderFactory<? extends Provider>> factories = factories(registry, role);
      if (factories.isEmpty()) {
        out.println("  (none installed)");
      }
      for (ProviderFactory<? extends Provider> f : factories) {
        out.println("  " + f.id() + " - " + f.description());
        if (f.configKeys().isEmpty()) {
          out.println("      no configuration keys");
        }
        for (ConfigKey key : f.configKeys()) {
          String full = "clouvel." + f.id() + "." + key.name();
          out.println("      " + full + " (" + ClouvelConfig.environmentName(full) + ")"
              + (key.required() ? " required" : " optional") + (key.secret() ? ", secret" : "")
              + (key.defaultValue() == null ? "" : ", default " + key.defaultValue()));
          out.println("          " + key.description());
        }
      }
    }
    return OK;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<? extends ProviderFactory<? extends Provider>> factories(
      ProviderRegistry registry, Class<? extends Provider> role) {
    return (List) registry.factories((Class) role);
  }
}
