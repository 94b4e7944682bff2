package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.assets.AssetStore;
import ai.clouvel.sdk.compliance.ComplianceChecker;
import ai.clouvel.sdk.compliance.ComplianceResult;
import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.OutcomeUnknownException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Asset;
import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.ContentRequest;
import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.ProductDraft;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.pipeline.Checkpoint;
import ai.clouvel.sdk.pipeline.CrossPost;
import ai.clouvel.sdk.pipeline.FrontPick;
import ai.clouvel.sdk.pipeline.PipelineEvent;
import ai.clouvel.sdk.pipeline.PipelineListener;
import ai.clouvel.sdk.pipeline.PublishSlots;
import ai.clouvel.sdk.pipeline.Run;
import ai.clouvel.sdk.pipeline.RunId;
import ai.clouvel.sdk.pipeline.RunRecorder;
import ai.clouvel.sdk.pipeline.RunReport;
import ai.clouvel.sdk.pipeline.RunReport.ScheduledPost;
import ai.clouvel.sdk.pipeline.RunStatus;
import ai.clouvel.sdk.pipeline.RunStore;
import ai.clouvel.sdk.pipeline.ScheduledPublish;
import ai.clouvel.sdk.pipeline.SelectionPolicy;
import ai.clouvel.sdk.pipeline.SponsoredPost;
import ai.clouvel.sdk.pipeline.Stage;
import ai.clouvel.sdk.pipeline.StageFailedException;
import ai.clouvel.sdk.pipeline.SubredditTierPost;
import ai.clouvel.sdk.pipeline.TaskPayload;
import ai.clouvel.sdk.pipeline.TaskTypes;
import ai.clouvel.sdk.queue.Task;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.queue.TaskSpec;
import ai.clouvel.sdk.spi.CommerceProvider;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.spi.Publisher;
import ai.clouvel.sdk.spi.TrendSource;
import ai.clouvel.sdk.worker.TaskContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs the stages of one task: discover, generate, check, list, publish, record. Each stage's
 * output is saved to the run's checkpoint before the next starts; a stage already done by an
 * earlier attempt is skipped and its checkpoint reused. Each publish records "attempted" before the
 * call and "done" after, and a retry of an attempted publish asks the publisher for the post first.
 */
public final class PipelineEngine {
  /** Stands in for the listing's tracking link while checking copy, before the listing exists. */
  static final URI PLACEHOLDER_LINK = URI.create("https://example.com/p/0000000000000000?utm_source=clouvel");

  /**
   * What the engine works with.
   *
   * @param clock the clock for events and checkpoints
   * @param queue the queue {@code PUBLISH} tasks go to
   * @param runStore the run checkpoints
   * @param assetStore where art is stored before the list stage
   * @param listeners stage event listeners
   * @param recorders run report recorders
   * @param selection trend selection
   * @param communities the default communities of {@code FRONT_PICK}
   * @param publishers the default publisher ids (empty: every publisher)
   * @param commerceId the commerce provider id to list with
   * @param maxRegenerations how often failing copy is regenerated
   * @param checker the compliance checker
   * @param productType the commerce product type
   * @param slots when posts go out
   * @param random the source of randomness for discovery picks
   * @param trendSources the trend sources
   * @param generator the content generator
   * @param commerce the commerce providers
   * @param publisherMap the publishers
   */
  public record Settings(
      Clock clock,
      TaskQueue queue,
      RunStore runStore,
      AssetStore assetStore,
      List<PipelineListener> listeners,
      List<RunRecorder> recorders,
      SelectionPolicy selection,
      List<String> communities,
      List<String> publishers,
      String commerceId,
      int maxRegenerations,
      ComplianceChecker checker,
      String productType,
      PublishSlots slots,
      Random random,
      Map<String, TrendSource> trendSources,
      ContentGenerator generator,
      Map<String, CommerceProvider> commerce,
      Map<String, Publisher> publisherMap) {}

  private final Settings s;
  private final Events events;

  /** An engine over {@code settings}. */
  public PipelineEngine(Settings settings) {
    this.s = settings;
    this.events = new Events(settings.listeners());
  }

  /** The payload type of each built-in task type. */
  public static final Map<String, Class<? extends TaskPayload>> PAYLOADS = Map.of(
      TaskTypes.SPONSORED_POST, SponsoredPost.class,
      TaskTypes.SUBREDDIT_TIER_POST, SubredditTierPost.class,
      TaskTypes.CROSS_POST, CrossPost.class,
      TaskTypes.FRONT_PICK, FrontPick.class,
      TaskTypes.PUBLISH, ScheduledPublish.class);

  /** What one task asks for, resolved against the configuration. */
  private record Job(
      TaskPayload payload,
      List<String> communities,
      boolean randomPick,
      @Nullable String message,
      List<Target> targets,
      @Nullable Long sourceTaskId,
      Map<String, String> attributes) {}

  /** One attempt of one run. */
  private final class Attempt {
    final TaskContext ctx;
    final Task task;
    final RunId id;
    final @Nullable String commissionId;
    Run run;
    /** The JSON this attempt wrote for its outputs, by identity, so an output inside a later one is written once. */
    final Map<Object, String> written = new IdentityHashMap<>();
    /** How long each stage took, in the attempt that finished it, as its checkpoint says. */
    final EnumMap<Stage, Duration> timings = new EnumMap<>(Stage.class);

    Attempt(TaskContext ctx, Task task, RunId id, @Nullable String commissionId, Run run) {
      this.ctx = ctx;
      this.task = task;
      this.id = id;
      this.commissionId = commissionId;
      this.run = run;
    }

    /** {@code out} as JSON, reusing what was written for it, or for outputs inside it, before. */
    String json(Object out) {
      String json = written.get(out);
      if (json == null) {
        json = Json.write(out, written);
        written.put(out, json);
      }
      return json;
    }

    String key(Stage stage, String target) {
      return id.accountId() + ":" + id.taskId() + ":" + stage.id() + ":" + target;
    }

    /** Emits a stage's event with the detail of its output; nothing is built when no one listens. */
    void emitOutput(PipelineEvent.Kind kind, Stage stage, Duration elapsed, Object out) {
      if (!events.isEmpty()) {
        emit(kind, stage, elapsed, detail(out));
      }
    }

    void emit(PipelineEvent.Kind kind, Stage stage, Duration elapsed, @Nullable String detail) {
      if (events.isEmpty()) {
        return;
      }
      events.emit(new PipelineEvent(kind, stage, task.id(), task.type(), task.accountId(), commissionId,
          Math.max(1, ctx.claimed().attempt()), s.clock().instant(), elapsed, detail));
    }
  }

  @FunctionalInterface
  private interface Body<T> {
    T run() throws Exception;
  }

  /**
   * Runs the task's stages.
   *
   * @throws StageFailedException when a stage fails, retryable when its cause is
   * @throws ValidationException when the payload is invalid (after a discover start/failed pair)
   */
  public void handle(TaskContext ctx) {
    run(ctx);
  }

  /**
   * Runs the task's stages, like {@link #handle}, and returns the run's report: the record stage's
   * output as this attempt made it, or as a finished earlier attempt saved it. It equals what
   * {@link #report(RunId)} reads back from the record checkpoint, without reading it.
   *
   * @throws StageFailedException when a stage fails, retryable when its cause is
   * @throws ValidationException when the payload is invalid (after a discover start/failed pair)
   */
  public RunReport run(TaskContext ctx) {
    Task task = ctx.task();
    Class<? extends TaskPayload> type = PAYLOADS.get(task.type());
    if (type == null) {
      throw new ClouvelException("The pipeline does not handle task type '" + task.type() + "'; it handles "
          + new java.util.TreeSet<>(PAYLOADS.keySet()), null, false);
    }
    TaskPayload payload;
    try {
      payload = Json.readPayload(task.payload(), type);
    } catch (ValidationException e) {
      // No run begins for a payload that cannot be read; listeners still see the task fail.
      int attempt = Math.max(1, ctx.claimed().attempt());
      events.emit(new PipelineEvent(PipelineEvent.Kind.STARTED, Stage.DISCOVER, task.id(), task.type(),
          task.accountId(), null, attempt, s.clock().instant(), Duration.ZERO, null));
      events.emit(new PipelineEvent(PipelineEvent.Kind.FAILED, Stage.DISCOVER, task.id(), task.type(),
          task.accountId(), null, attempt, s.clock().instant(), Duration.ZERO, e.getMessage()));
      throw e;
    }
    RunId id = new RunId(task.accountId(), task.id());
    Run run = s.runStore().begin(id, task.type(), payload.commission(), s.clock().instant());
    Attempt a = new Attempt(ctx, task, id, payload.commission(), run);
    try {
      RunReport report = runStages(a, payload);
      s.runStore().finish(id, RunStatus.SUCCEEDED, null, s.clock().instant());
      return report;
    } catch (RuntimeException e) {
      try {
        s.runStore().finish(id, RunStatus.FAILED, e.getMessage(), s.clock().instant());
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private RunReport runStages(Attempt a, TaskPayload payload) {
    Job job = stage(a, Stage.DISCOVER, "job", Job.class, () -> resolve(a, payload), false);
    Trend trend = stage(a, Stage.DISCOVER, Stage.DISCOVER.id(), Trend.class, () -> discover(a, job), true);
    List<Target> targets = job.targets();
    if (job.randomPick()) {
      // A discovery pick posts where its trend was found.
      targets = targets.stream().map(t -> new Target(t.publisher(), trend.community())).toList();
    }
    List<Target> finalTargets = targets;
    Map<String, PlatformRules> platforms = platforms(finalTargets);
    Content content = stage(a, Stage.GENERATE, Stage.GENERATE.id(), Content.class,
        () -> generate(a, job, trend, platforms), true);
    Checked checked = stage(a, Stage.CHECK, Stage.CHECK.id(), Checked.class,
        () -> check(a, job, trend, platforms, content), true);
    Listing listing = stage(a, Stage.LIST, Stage.LIST.id(), Listing.class, () -> list(a, job, checked.content()), true);
    Published published = stage(a, Stage.PUBLISH, Stage.PUBLISH.id(), Published.class,
        () -> publish(a, finalTargets, checked.content(), listing), true);
    return stage(a, Stage.RECORD, Stage.RECORD.id(), RunReport.class,
        () -> record(a, trend, checked, listing, published), true);
  }

  /**
   * Runs one stage unless its checkpoint is done, saving its output. With {@code reported} false
   * the step is an inner step of the stage: no events.
   */
  private <T> T stage(Attempt a, Stage stage, String step, Class<T> type, Body<T> body, boolean reported) {
    if (!reported) {
      // Resolving the job is pure and cheap: never checkpointed, redone on every attempt.
      try {
        return body.run();
      } catch (RuntimeException e) {
        a.emit(PipelineEvent.Kind.STARTED, stage, Duration.ZERO, null);
        StageFailedException f = failure(a, stage, e);
        a.emit(PipelineEvent.Kind.FAILED, stage, Duration.ZERO, f.getMessage());
        throw f;
      } catch (Exception e) {
        throw failure(a, stage, e);
      }
    }
    Optional<Checkpoint> saved = a.run.checkpoint(step).filter(Checkpoint::isDone);
    if (saved.isPresent()) {
      T out = Json.readCheckpoint(saved.get().output(), type, step);
      a.timings.put(stage, saved.get().elapsed());
      a.emitOutput(PipelineEvent.Kind.SKIPPED, stage, Duration.ZERO, out);
      return out;
    }
    if (a.ctx.isCancelled()) {
      throw new StageFailedException(stage, a.task.id(),
          List.of("the task was cancelled or its lease was lost before the stage started"), null, true);
    }
    a.emit(PipelineEvent.Kind.STARTED, stage, Duration.ZERO, null);
    long started = System.nanoTime();
    try {
      T out = body.run();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      s.runStore().done(a.id, step, a.json(out), elapsed, s.clock().instant());
      a.timings.put(stage, elapsed);
      a.emitOutput(PipelineEvent.Kind.FINISHED, stage, elapsed, out);
      return out;
    } catch (Exception e) {
      StageFailedException f = failure(a, stage, e);
      a.emit(PipelineEvent.Kind.FAILED, stage, Duration.ofNanos(System.nanoTime() - started), f.getMessage());
      throw f;
    }
  }

  private static StageFailedException failure(Attempt a, Stage stage, Exception e) {
    if (e instanceof StageFailedException f) {
      return f;
    }
    boolean retryable = !(e instanceof ClouvelException ce) || ce.isRetryable();
    if (e instanceof OutcomeUnknownException) {
      retryable = true; // the next attempt reconciles by reading before it repeats anything
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new StageFailedException(stage, a.task.id(), List.of(message), e, retryable);
  }

  private static @Nullable String detail(Object out) {
    if (out instanceof Trend t) {
      return t.community() + ": " + t.title();
    }
    if (out instanceof Content c) {
      return c.title();
    }
    if (out instanceof Checked c) {
      return c.regenerations() == 0 ? "every platform's rules pass"
          : "passed after " + c.regenerations() + " regeneration" + (c.regenerations() == 1 ? "" : "s");
    }
    if (out instanceof Listing l) {
      return l.productUrl().toString();
    }
    if (out instanceof Published p) {
      return p.publications().size() + " published, " + p.scheduled().size() + " scheduled";
    }
    if (out instanceof RunReport r) {
      return "recorded " + r.publications().size() + " post" + (r.publications().size() == 1 ? "" : "s");
    }
    return null;
  }

  // ---------------------------------------------------------------- resolve

  private Job resolve(Attempt a, TaskPayload payload) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("taskType", payload.taskType());
    if (payload instanceof SponsoredPost p) {
      requireAllowed(p.community(), "SponsoredPost", "community");
      if (p.sponsor() != null) {
        attributes.put("sponsor", p.sponsor());
      }
      attributes.put("commissionId", p.commissionId());
      return new Job(p, List.of(p.community()), false, p.message().isBlank() ? null : p.message(),
          targets(p.publishers(), p.community(), "SponsoredPost"), null, attributes);
    }
    if (payload instanceof SubredditTierPost p) {
      requireAllowed(p.community(), "SubredditTierPost", "community");
      attributes.put("tier", p.tier());
      return new Job(p, List.of(p.community()), false, p.message(),
          targets(p.publishers(), p.community(), "SubredditTierPost"), null, attributes);
    }
    if (payload instanceof FrontPick p) {
      List<String> wanted = p.communities().isEmpty() ? s.communities() : p.communities();
      if (wanted.isEmpty()) {
        throw ValidationException.of("FrontPick", "communities",
            "is empty and the pipeline has no default communities (Pipeline.Builder.communities)");
      }
      List<String> allowed = wanted.stream().filter(s.selection()::allows).distinct().toList();
      if (allowed.isEmpty()) {
        throw ValidationException.of("FrontPick", "communities", "none of " + wanted
            + " is an allowed community; allowed: " + new java.util.TreeSet<>(s.selection().allowedCommunities()));
      }
      return new Job(p, allowed, true, null, targets(List.of(), null, "FrontPick"), null, attributes);
    }
    if (payload instanceof CrossPost p) {
      return new Job(p, List.of(), false, null,
          List.of(new Target(publisher(p.publisher(), "CrossPost", "publisher"), p.community())),
          p.sourceTaskId(), attributes);
    }
    ScheduledPublish p = (ScheduledPublish) payload;
    return new Job(p, List.of(), false, null,
        List.of(new Target(publisher(p.publisher(), "ScheduledPublish", "publisher"), p.community())),
        p.sourceTaskId(), attributes);
  }

  private void requireAllowed(String community, String subject, String field) {
    if (!s.selection().allows(community)) {
      throw ValidationException.of(subject, field, "'" + community + "' is not an allowed community; allowed: "
          + new java.util.TreeSet<>(s.selection().allowedCommunities()));
    }
  }

  private List<Target> targets(List<String> requested, @Nullable String community, String subject) {
    List<String> ids = !requested.isEmpty() ? requested
        : !s.publishers().isEmpty() ? s.publishers() : List.copyOf(s.publisherMap().keySet());
    if (ids.isEmpty()) {
      throw ValidationException.of(subject, "publishers", "no publisher is configured");
    }
    List<Target> out = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      out.add(new Target(publisher(id, subject, "publishers"), community));
    }
    return out;
  }

  private String publisher(String id, String subject, String field) {
    if (!s.publisherMap().containsKey(id)) {
      throw ValidationException.of(subject, field, "no publisher '" + id + "' is configured; configured: "
          + s.publisherMap().keySet());
    }
    return id;
  }

  private Map<String, PlatformRules> platforms(List<Target> targets) {
    Map<String, PlatformRules> out = new LinkedHashMap<>();
    for (Target t : targets) {
      PlatformRules rules = s.publisherMap().get(t.publisher()).rules();
      out.putIfAbsent(rules.platform(), rules);
    }
    return out;
  }

  // ---------------------------------------------------------------- discover

  private Trend discover(Attempt a, Job job) {
    if (job.sourceTaskId() != null) {
      return sourceCheckpoint(a, job, Stage.DISCOVER, Trend.class);
    }
    Instant now = s.clock().instant();
    SelectionPolicy policy = s.selection();
    TrendQuery query = new TrendQuery(job.communities(), policy.candidatesPerCommunity(), policy.window(),
        policy.allowNsfw());
    if (s.trendSources().isEmpty()) {
      throw new ClouvelException("No trend source is configured", null, false);
    }
    List<Trend> candidates = new ArrayList<>();
    for (TrendSource source : s.trendSources().values()) {
      candidates.addAll(source.fetch(query));
    }
    Set<String> wanted = new LinkedHashSet<>();
    job.communities().forEach(c -> wanted.add(c.toLowerCase(Locale.ROOT)));
    int nsfw = 0;
    int outside = 0;
    List<Trend> eligible = new ArrayList<>();
    for (Trend t : candidates) {
      if (t.nsfw() && !policy.allowNsfw()) {
        nsfw++;
      } else if (!wanted.contains(t.community().toLowerCase(Locale.ROOT)) || !policy.allows(t.community())) {
        outside++;
      } else {
        eligible.add(t);
      }
    }
    List<String> order = new ArrayList<>(job.communities());
    if (job.randomPick()) {
      Collections.shuffle(order, s.random());
    }
    for (String community : order) {
      List<Trend> ranked = eligible.stream()
          .filter(t -> t.community().equalsIgnoreCase(community))
          .sorted(Comparator.comparingDouble((Trend t) -> policy.score(t, now)).reversed()
              .thenComparing(Trend::key))
          .toList();
      // A used trend may be this task's own, taken by an attempt that died before its checkpoint:
      // useTrend says so, and the retry keeps that trend instead of taking another.
      for (Trend t : ranked) {
        if (s.runStore().useTrend(a.id.accountId(), t.key(), a.task.id(), now)) {
          return t;
        }
      }
    }
    // Counted only to say why no trend was usable: a run that finds one never asks.
    Set<String> used = s.runStore().usedTrends(a.id.accountId(), eligible.stream().map(Trend::key).toList());
    throw new StageFailedException(Stage.DISCOVER, a.task.id(), List.of("no usable trend in "
        + job.communities() + ": " + candidates.size() + " fetched, " + used.size() + " already used, " + nsfw
        + " marked NSFW, " + outside + " outside the requested or allowed communities"), null, false);
  }

  private <T> T sourceCheckpoint(Attempt a, Job job, Stage stage, Class<T> type) {
    RunId source = new RunId(a.id.accountId(), new TaskId(job.sourceTaskId()));
    Run run = s.runStore().find(source).orElseThrow(() -> ValidationException.of(
        job.payload().getClass().getSimpleName(), "sourceTaskId", "task " + job.sourceTaskId()
            + " of account '" + a.id.accountId() + "' has no run"));
    Checkpoint c = run.checkpoint(stage.id()).filter(Checkpoint::isDone).orElseThrow(() -> ValidationException.of(
        job.payload().getClass().getSimpleName(), "sourceTaskId", "the run of task " + job.sourceTaskId()
            + " has not finished its " + stage.id() + " stage"));
    return Json.readCheckpoint(c.output(), type, "source " + stage.id());
  }

  // ---------------------------------------------------------------- generate and check

  private Content generate(Attempt a, Job job, Trend trend, Map<String, PlatformRules> platforms) {
    if (job.sourceTaskId() != null) {
      Content source = sourceCheckpoint(a, job, Stage.CHECK, Checked.class).content();
      if (platforms.keySet().stream().allMatch(p -> !source.copyFor(p).isBlank())) {
        return source;
      }
    }
    return generateOnce(a, job, trend, platforms, List.of(), 0);
  }

  private Content generateOnce(Attempt a, Job job, Trend trend, Map<String, PlatformRules> platforms,
      List<String> feedback, int round) {
    ContentRequest request = new ContentRequest(trend, List.copyOf(platforms.values()), job.message(), feedback,
        true, a.key(Stage.GENERATE, String.valueOf(round)), job.attributes());
    Content content = s.generator().generate(request);
    if (content == null) {
      throw new ClouvelException("The content generator '" + s.generator().id() + "' returned no content", null, false);
    }
    return storeArt(a, content, round);
  }

  private Content storeArt(Attempt a, Content content, int round) {
    Asset art = content.art();
    if (art == null || art.bytes() == null) {
      return content;
    }
    String key = (a.id.accountId() + "-" + a.id.taskId() + "-" + round).replaceAll("[^A-Za-z0-9._-]", "_");
    Asset stored = s.assetStore().store(key, art);
    if (stored.url() == null) {
      throw new ClouvelException("The asset store gave no URL for " + art.name(), null, false);
    }
    return new Content(content.idea(), content.title(), content.description(), content.copy(), content.hashtags(),
        content.artPrompt(), Asset.ofUrl(stored.name(), stored.mediaType(), stored.url()), content.usage());
  }

  private Checked check(Attempt a, Job job, Trend trend, Map<String, PlatformRules> platforms, Content first) {
    Content content = first;
    List<String> reasons = violations(content, platforms, PLACEHOLDER_LINK);
    int regenerations = 0;
    while (!reasons.isEmpty() && regenerations < s.maxRegenerations()) {
      regenerations++;
      if (a.ctx.isCancelled()) {
        throw new StageFailedException(Stage.CHECK, a.task.id(),
            List.of("the task was cancelled or its lease was lost while regenerating"), null, true);
      }
      content = generateOnce(a, job, trend, platforms, reasons, regenerations);
      reasons = violations(content, platforms, PLACEHOLDER_LINK);
    }
    if (!reasons.isEmpty()) {
      List<String> all = new ArrayList<>();
      all.add("the copy breaks the platform rules after " + regenerations + " regeneration"
          + (regenerations == 1 ? "" : "s"));
      all.addAll(reasons);
      throw new StageFailedException(Stage.CHECK, a.task.id(), all, null, false);
    }
    return new Checked(content, regenerations);
  }

  private List<String> violations(Content content, Map<String, PlatformRules> platforms, URI link) {
    List<String> reasons = new ArrayList<>();
    for (PlatformRules rules : platforms.values()) {
      String copy = content.copyFor(rules.platform());
      if (copy.isBlank()) {
        reasons.add(rules.platform() + ": no copy was generated for this platform");
        continue;
      }
      ComplianceResult result = s.checker().check(title(content, rules), body(copy, link, rules), rules,
          List.of(link));
      reasons.addAll(result.reasons());
    }
    return reasons;
  }

  /** The post title: the product title, cut to the platform's limit; empty where there are no titles. */
  static String title(Content content, PlatformRules rules) {
    if (rules.maxTitleLength() == 0) {
      return "";
    }
    String title = content.title();
    return title.codePointCount(0, title.length()) <= rules.maxTitleLength() ? title
        : title.substring(0, title.offsetByCodePoints(0, rules.maxTitleLength()));
  }

  /** The post body: the copy, then the tracking link on its own paragraph where links are allowed. */
  static String body(String copy, URI link, PlatformRules rules) {
    return rules.maxLinks() == 0 ? copy : copy + "\n\n" + link;
  }

  // ---------------------------------------------------------------- list

  private Listing list(Attempt a, Job job, Content content) {
    if (job.sourceTaskId() != null) {
      return sourceCheckpoint(a, job, Stage.LIST, Listing.class);
    }
    CommerceProvider commerce = s.commerce().get(s.commerceId());
    Asset art = content.art();
    if (art == null) {
      throw new StageFailedException(Stage.LIST, a.task.id(), List.of("the content generator '" + s.generator().id()
          + "' made no art, and a product needs art"), null, false);
    }
    ProductDraft draft = new ProductDraft(content.title(), content.description(), art, s.productType(),
        content.hashtags(), null, a.key(Stage.LIST, commerce.id()), Map.of());
    Listing listing = commerce.createListing(draft);
    if (listing == null) {
      throw new ClouvelException("The commerce provider '" + commerce.id() + "' returned no listing", null, false);
    }
    return listing;
  }

  // ---------------------------------------------------------------- publish

  private Published publish(Attempt a, List<Target> targets, Content content, Listing listing) {
    List<Publication> publications = new ArrayList<>();
    List<ScheduledPost> scheduled = new ArrayList<>();
    for (Target target : targets) {
      String step = Stage.PUBLISH.id() + ":" + target.key();
      Optional<Checkpoint> saved = a.run.checkpoint(step);
      Published one;
      if (saved.isPresent() && saved.get().isDone()) {
        one = Json.readCheckpoint(saved.get().output(), Published.class, step);
      } else {
        if (a.ctx.isCancelled()) {
          throw new StageFailedException(Stage.PUBLISH, a.task.id(),
              List.of("the task was cancelled or its lease was lost before publishing to " + target.key()), null, true);
        }
        long started = System.nanoTime();
        one = publishOne(a, target, content, listing, saved.isPresent());
        s.runStore().done(a.id, step, a.json(one), Duration.ofNanos(System.nanoTime() - started),
            s.clock().instant());
      }
      if (targets.size() == 1) {
        // The stage's output equals the one target's: its JSON is already written.
        return one;
      }
      publications.addAll(one.publications());
      scheduled.addAll(one.scheduled());
    }
    return new Published(publications, scheduled);
  }

  private Published publishOne(Attempt a, Target target, Content content, Listing listing, boolean attemptedBefore) {
    Publisher publisher = s.publisherMap().get(target.publisher());
    PlatformRules rules = publisher.rules();
    Instant now = s.clock().instant();
    Instant slot = s.slots().next(target.publisher(), target.community(), now);
    boolean isScheduledTask = TaskTypes.PUBLISH.equals(a.task.type());
    if (!isScheduledTask && slot.isAfter(now)) {
      ScheduledPublish later = new ScheduledPublish(a.task.id().value(), target.publisher(), target.community());
      TaskId id = s.queue().enqueue(TaskSpec.builder(later.taskType()).payload(Json.write(later))
          .priority(later.defaultPriority()).runAt(slot).uniqueKey(later.deduplicationKey())
          .accountId(a.id.accountId()).build());
      return Published.of(null, new ScheduledPost(id, target.publisher(), target.community(), slot));
    }
    String copy = content.copyFor(rules.platform());
    String body = body(copy, listing.trackingUrl(), rules);
    Post post = new Post(rules.platform(), target.community(), title(content, rules), body, content.art(),
        a.key(Stage.PUBLISH, target.key()));
    ComplianceResult result = s.checker().check(post, rules, List.of(listing.trackingUrl()));
    if (!result.isCompliant()) {
      List<String> reasons = new ArrayList<>();
      reasons.add("the post for " + target.key() + " breaks the platform rules once the tracking link is added");
      reasons.addAll(result.reasons());
      throw new StageFailedException(Stage.PUBLISH, a.task.id(), reasons, null, false);
    }
    String step = Stage.PUBLISH.id() + ":" + target.key();
    if (attemptedBefore) {
      // An earlier attempt may have posted and died before saving the answer: ask first.
      Optional<Publication> found = publisher.findPublished(post);
      if (found.isPresent()) {
        return Published.of(found.get(), null);
      }
    }
    s.runStore().attempted(a.id, step, s.clock().instant());
    Publication publication = publisher.publish(post);
    if (publication == null) {
      throw new ClouvelException("The publisher '" + publisher.id() + "' returned no publication", null, false);
    }
    return Published.of(publication, null);
  }

  // ---------------------------------------------------------------- record

  private RunReport record(Attempt a, Trend trend, Checked checked, Listing listing, Published published) {
    // Every stage before this one was done by this attempt or skipped from its checkpoint: the
    // attempt knows each one's elapsed time as its checkpoint holds it.
    EnumMap<Stage, Duration> timings = new EnumMap<>(a.timings);
    timings.remove(Stage.RECORD);
    RunReport report = new RunReport(a.task.id(), a.task.type(), a.id.accountId(), a.commissionId, trend,
        checked.content(), checked.regenerations(), listing, published.publications(), published.scheduled(),
        timings, s.clock().instant());
    for (RunRecorder recorder : s.recorders()) {
      recorder.record(report);
    }
    return report;
  }

  /** The report of a finished run, if its record stage is done. */
  public Optional<RunReport> report(RunId id) {
    return s.runStore().find(id)
        .flatMap(r -> r.checkpoint(Stage.RECORD.id()))
        .filter(Checkpoint::isDone)
        .map(c -> Json.readCheckpoint(c.output(), RunReport.class, Stage.RECORD.id()));
  }
}
