package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.assets.AssetStore;
import ai.clouvel.sdk.compliance.ComplianceChecker;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.LeaseLostException;
import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.internal.pipeline.Json;
import ai.clouvel.sdk.internal.pipeline.PipelineEngine;
import ai.clouvel.sdk.internal.pipeline.QueueTaskContext;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Failure;
import ai.clouvel.sdk.queue.Task;
import ai.clouvel.sdk.queue.TaskId;
import ai.clouvel.sdk.queue.TaskQueue;
import ai.clouvel.sdk.queue.TaskSpec;
import ai.clouvel.sdk.queue.TaskStatus;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.worker.TaskHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline engine: handlers for the commission task types ({@link TaskTypes}) that run the
 * stages discover, generate, check, list, publish and record, saving each stage's output to a
 * {@link RunStore} checkpoint so that a retried task resumes after its last finished stage.
 *
 * <pre>{@code
 * try (Clouvel clouvel = Clouvel.builder().config(config).build();
 *      TaskQueue queue = new InMemoryTaskQueue();
 *      Pipeline pipeline = Pipeline.builder(clouvel)
 *          .queue(queue)
 *          .communities(List.of("java", "aww"))
 *          .listener(event -> System.out.println(event))
 *          .build()) {
 *   pipeline.enqueue(SponsoredPost.of("pay_123", "java", "Make it about coffee"));
 *   pipeline.runOnce(); // the sponsored post: paid work first
 *   pipeline.runOnce(); // nothing queued: a discovery pick (FRONT_PICK)
 * }
 * }</pre>
 *
 * <p>Run tasks either with {@link #runOnce()} (claims one task, or makes a discovery pick when
 * nothing is due) or by registering {@link #handlers()} with a task worker. Every external side
 * effect carries an idempotency key derived from (task, stage, target); each publish is recorded
 * as attempted before the call and done after, and a retried attempted publish first asks the
 * publisher ({@link ai.clouvel.sdk.spi.Publisher#findPublished}) whether the post exists, so a crash
 * never makes a second product or post. Closing the pipeline closes the run store it created
 * (never one handed to it, nor the queue).
 */
public final class Pipeline implements AutoCloseable {
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final Clouvel clouvel;
  private final TaskQueue queue;
  private final RunStore runStore;
  private final boolean ownsRunStore;
  private final PipelineEngine engine;
  private final Map<String, TaskHandler> handlers;
  private final TaskHandler pipelineHandler;
  private final String workerName;
  private final Duration lease;
  private final boolean discoveryWhenIdle;

  private Pipeline(Builder b, RunStore runStore, boolean ownsRunStore, PipelineEngine engine) {
    this.clouvel = b.clouvel;
    this.queue = b.queue;
    this.runStore = runStore;
    this.ownsRunStore = ownsRunStore;
    this.engine = engine;
    this.workerName = b.workerName;
    this.lease = b.lease;
    // A discovery pick needs communities: without configured ones there is nothing to pick from.
    this.discoveryWhenIdle = b.discoveryWhenIdle && !b.communities.isEmpty();
    Map<String, TaskHandler> all = new LinkedHashMap<>();
    TaskHandler pipelineHandler = engine::handle;
    this.pipelineHandler = pipelineHandler;
    for (String type : PipelineEngine.PAYLOADS.keySet().stream().sorted().toList()) {
      all.put(type, pipelineHandler);
    }
    all.putAll(b.handlers);
    this.handlers = java.util.Collections.unmodifiableMap(all);
  }

  /** A builder for a pipeline over {@code clouvel}'s providers and clock. */
  public static Builder builder(Clouvel clouvel) {
    if (clouvel == null) {
      throw ValidationException.of("Pipeline", "clouvel", "is required");
    }
    return new Builder(clouvel);
  }

  /**
   * Reads a task payload as {@code type}, validating it: for hosts' own handlers.
   *
   * @throws ValidationException naming the invalid, unknown or mistyped field, or saying the payload is not JSON
   */
  public static <T> T readPayload(String json, Class<T> type) {
    return Json.readPayload(json, type);
  }

  /** The handler of every task type the pipeline runs, built-in and registered, by type. */
  public Map<String, TaskHandler> handlers() {
    return handlers;
  }

  /** The run store. */
  public RunStore runStore() {
    return runStore;
  }

  /** The queue. */
  public TaskQueue queue() {
    return queue;
  }

  /**
   * A task spec for {@code payload}: its type, JSON payload, default priority and deduplication
   * key; set other options (account, due time, attempts) before building it.
   */
  public TaskSpec.Builder taskSpec(TaskPayload payload) {
    if (payload == null) {
      throw ValidationException.of("Pipeline", "payload", "is required");
    }
    return TaskSpec.builder(payload.taskType()).payload(Json.write(payload)).priority(payload.defaultPriority())
        .uniqueKey(payload.deduplicationKey());
  }

  /**
   * Enqueues a task for {@code payload} with the defaults of {@link #taskSpec}. While a task with the
   * same deduplication key (e.g. the same commission) is queued or running, returns its id instead.
   */
  public TaskId enqueue(TaskPayload payload) {
    return queue.enqueue(taskSpec(payload).build());
  }

  /** The report of the run of {@code taskId} in the default account, once its record stage is done. */
  public Optional<RunReport> report(TaskId taskId) {
    return report(new RunId(TaskSpec.DEFAULT_ACCOUNT, taskId));
  }

  /** The report of a run, once its record stage is done. */
  public Optional<RunReport> report(RunId id) {
    return engine.report(id);
  }

  /**
   * Runs the next due task: claims the best one, or, when none is due, enqueues and runs a
   * discovery pick ({@link TaskTypes#FRONT_PICK} over the configured communities), unless
   * {@link Builder#discoveryWhenIdle} is off or no {@link Builder#communities} are configured. The task is completed, or failed with its error
   * (retried with the queue's backoff, or dead when not retryable or out of attempts).
   *
   * @return what happened, or empty when nothing was due (and no discovery pick was made)
   */
  public Optional<RunResult> runOnce() {
    List<ClaimedTask> claimed = queue.claim(workerName, 1, lease);
    if (claimed.isEmpty()) {
      if (!discoveryWhenIdle) {
        return Optional.empty();
      }
      queue.enqueue(taskSpec(new FrontPick(List.of())).uniqueKey("front-pick:idle").build());
      claimed = queue.claim(workerName, 1, lease);
      if (claimed.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(execute(claimed.get(0)));
  }

  private RunResult execute(ClaimedTask task) {
    TaskHandler handler = handlers.get(task.type());
    QueueTaskContext context = new QueueTaskContext(queue, task, clouvel.clock(), lease);
    String error;
    Failure failure;
    if (handler == null) {
      error = "No handler for task type '" + task.type() + "'; handled: " + handlers.keySet();
      failure = Failure.permanent(error);
    } else {
      try {
        @Nullable RunReport report;
        if (handler == pipelineHandler) {
          // The engine hands back the report it recorded: nothing to read back from the run store.
          report = engine.run(context);
          queue.complete(context.claimed());
        } else {
          handler.handle(context);
          queue.complete(context.claimed());
          report = PipelineEngine.PAYLOADS.containsKey(task.type())
              ? report(new RunId(task.task().accountId(), task.id())).orElse(null) : null;
        }
        return new RunResult(task.id(), task.type(), TaskStatus.SUCCEEDED, null, report);
      } catch (LeaseLostException e) {
        return new RunResult(task.id(), task.type(), status(task.id()), e.getMessage(), null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
        failure = Failure.retryable(error);
      } catch (Exception e) {
        error = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        failure = failureOf(e);
      }
    }
    try {
      queue.fail(context.claimed(), failure);
    } catch (LeaseLostException lost) {
      error = error + " (and the lease was lost: " + lost.getMessage() + ")";
    }
    return new RunResult(task.id(), task.type(), status(task.id()), error, null);
  }

  private Failure failureOf(Exception e) {
    Failure base = Failure.of(e);
    Throwable cause = e;
    while (cause != null && !(cause instanceof ProviderException)) {
      cause = cause.getCause();
    }
    if (base.retryable() && cause instanceof ProviderException pe && pe.retryAt() != null) {
      Duration wait = Duration.between(clouvel.clock().instant(), pe.retryAt());
      if (!wait.isNegative()) {
        return new Failure(base.message(), base.errorType(), true, wait);
      }
    }
    return base;
  }

  private TaskStatus status(TaskId id) {
    return queue.find(id).map(Task::status).orElse(TaskStatus.DEAD);
  }

  /** Closes the run store the builder created; a store or queue handed to it stays open. */
  @Override
  public void close() {
    if (ownsRunStore) {
      runStore.close();
    }
  }

  /** Builds a {@link Pipeline}; every option documents its default. */
  public static final class Builder {
    private final Clouvel clouvel;
    private @Nullable TaskQueue queue;
    private @Nullable RunStore runStore;
    private @Nullable AssetStore assetStore;
    private final List<PipelineListener> listeners = new ArrayList<>();
    private final List<RunRecorder> recorders = new ArrayList<>();
    private SelectionPolicy selection = SelectionPolicy.DEFAULT;
    private List<String> communities = List.of();
    private List<String> publishers = List.of();
    private @Nullable String commerceId;
    private int maxRegenerations = 2;
    private ComplianceChecker checker = ComplianceChecker.standard();
    private String productType = "";
    private PublishSlots slots = PublishSlots.NOW;
    private Random random = new Random();
    private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
    private String workerName = "pipeline-" + ProcessHandle.current().pid();
    private Duration lease = Duration.ofMinutes(5);
    private boolean discoveryWhenIdle = true;

    private Builder(Clouvel clouvel) {
      this.clouvel = clouvel;
    }

    private static <T> T require(@Nullable T value, String field) {
      if (value == null) {
        throw ValidationException.of("Pipeline.Builder", field, "is required");
      }
      return value;
    }

    /** The task queue to claim from and enqueue to; required. The pipeline never closes it. */
    public Builder queue(TaskQueue queue) {
      this.queue = require(queue, "queue");
      return this;
    }

    /** Where runs keep their checkpoints; default a new {@link RunStore#inMemory()}, closed with the pipeline. */
    public Builder runStore(RunStore runStore) {
      this.runStore = require(runStore, "runStore");
      return this;
    }

    /**
     * Where generated art is stored before the list stage; default a local directory,
     * {@code clouvel-assets} under the system temporary directory.
     */
    public Builder assetStore(AssetStore assetStore) {
      this.assetStore = require(assetStore, "assetStore");
      return this;
    }

    /** Adds a listener of stage events; default none. */
    public Builder listener(PipelineListener listener) {
      listeners.add(require(listener, "listener"));
      return this;
    }

    /** Adds a recorder of run reports, called in the record stage; default none. */
    public Builder recorder(RunRecorder recorder) {
      recorders.add(require(recorder, "recorder"));
      return this;
    }

    /** How trends are scored, filtered and allowed; default {@link SelectionPolicy#DEFAULT}. */
    public Builder selection(SelectionPolicy selection) {
      this.selection = require(selection, "selection");
      return this;
    }

    /** The communities of discovery picks that name none; default none (such picks fail, naming the option). */
    public Builder communities(List<String> communities) {
      require(communities, "communities");
      if (communities.stream().anyMatch(c -> c == null || c.isBlank())) {
        throw ValidationException.of("Pipeline.Builder", "communities", "must not contain a blank name");
      }
      this.communities = List.copyOf(communities);
      return this;
    }

    /** The publisher ids tasks post with when they name none; default every publisher of the {@code Clouvel}. */
    public Builder publishers(List<String> publisherIds) {
      require(publisherIds, "publishers");
      for (String id : publisherIds) {
        if (id == null || !clouvel.publishers().containsKey(id)) {
          throw ValidationException.of("Pipeline.Builder", "publishers", "no publisher '" + id
              + "' is configured; configured: " + clouvel.publishers().keySet());
        }
      }
      this.publishers = List.copyOf(publisherIds);
      return this;
    }

    /** The commerce provider id to list products with; default the first of the {@code Clouvel}. */
    public Builder commerce(String providerId) {
      require(providerId, "commerce");
      if (!clouvel.commerce().containsKey(providerId)) {
        throw ValidationException.of("Pipeline.Builder", "commerce", "no commerce provider '" + providerId
            + "' is configured; configured: " + clouvel.commerce().keySet());
      }
      this.commerceId = providerId;
      return this;
    }

    /** How many times copy that breaks the platform rules is regenerated before the task fails, 0 to 10; default 2. */
    public Builder maxRegenerations(int max) {
      if (max < 0 || max > 10) {
        throw ValidationException.of("Pipeline.Builder", "maxRegenerations", "must be between 0 and 10, was " + max);
      }
      this.maxRegenerations = max;
      return this;
    }

    /** The compliance checker of the check stage; default {@link ComplianceChecker#standard()}. */
    public Builder complianceChecker(ComplianceChecker checker) {
      this.checker = require(checker, "complianceChecker");
      return this;
    }

    /** The commerce provider's product type for new listings; default blank (the provider's default). */
    public Builder productType(String productType) {
      this.productType = require(productType, "productType");
      return this;
    }

    /** When posts go out; default {@link PublishSlots#NOW}. */
    public Builder publishSlots(PublishSlots slots) {
      this.slots = require(slots, "publishSlots");
      return this;
    }

    /** The randomness of discovery picks; default a new {@link Random}. Seed it for repeatable picks. */
    public Builder random(Random random) {
      this.random = require(random, "random");
      return this;
    }

    /**
     * Registers a handler for a host's own task type (or replaces a built-in one); default none.
     * {@link Pipeline#handlers()} includes it, and {@link Pipeline#runOnce()} runs it.
     */
    public Builder handler(String type, TaskHandler handler) {
      if (type == null || !TYPE.matcher(type).matches()) {
        throw ValidationException.of("Pipeline.Builder", "type",
            "must be 1 to 64 letters, digits or _ . : - characters, was '" + type + "'");
      }
      handlers.put(type, require(handler, "handler"));
      return this;
    }

    /** The worker name {@link Pipeline#runOnce()} claims with; default {@code pipeline-<pid>}. */
    public Builder workerName(String name) {
      if (name == null || name.isBlank()) {
        throw ValidationException.of("Pipeline.Builder", "workerName", "must not be blank");
      }
      this.workerName = name;
      return this;
    }

    /** The lease of tasks {@link Pipeline#runOnce()} claims, renewed before every stage; default 5 minutes. */
    public Builder lease(Duration lease) {
      if (lease == null || lease.isNegative() || lease.isZero()) {
        throw ValidationException.of("Pipeline.Builder", "lease", "must be positive");
      }
      this.lease = lease;
      return this;
    }

    /**
     * Whether {@link Pipeline#runOnce()} makes a discovery pick when nothing is due; default true.
     * Picks need {@link #communities}: without them none is made.
     */
    public Builder discoveryWhenIdle(boolean enabled) {
      this.discoveryWhenIdle = enabled;
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @throws ConfigurationException naming each missing role (content generator, commerce
     *     provider, publisher) or option (queue)
     */
    public Pipeline build() {
      List<String> missing = new ArrayList<>();
      if (queue == null) {
        missing.add("a task queue (Pipeline.Builder.queue)");
      }
      Optional<ContentGenerator> generator = clouvel.contentGenerator();
      if (generator.isEmpty()) {
        missing.add("a content generator (" + Clouvel.CONTENT_GENERATOR + ")");
      }
      if (clouvel.commerce().isEmpty()) {
        missing.add("a commerce provider (" + Clouvel.COMMERCE + ")");
      }
      if (clouvel.publishers().isEmpty()) {
        missing.add("a publisher (" + Clouvel.PUBLISHERS + ")");
      }
      if (clouvel.trendSources().isEmpty()) {
        missing.add("a trend source (" + Clouvel.TREND_SOURCES + ")");
      }
      if (!missing.isEmpty()) {
        throw new ConfigurationException("The pipeline needs " + String.join(", ", missing), null);
      }
      boolean owns = runStore == null;
      RunStore store = owns ? RunStore.inMemory() : runStore;
      AssetStore assets = assetStore != null ? assetStore
          : AssetStore.localDirectory(Path.of(System.getProperty("java.io.tmpdir"), "clouvel-assets"));
      String commerce = commerceId != null ? commerceId : clouvel.commerce().keySet().iterator().next();
      PipelineEngine engine = new PipelineEngine(new PipelineEngine.Settings(clouvel.clock(), queue, store, assets,
          listeners, recorders, selection, communities, publishers, commerce, maxRegenerations, checker,
          productType, slots, random, clouvel.trendSources(), generator.get(), clouvel.commerce(),
          clouvel.publishers()));
      return new Pipeline(this, store, owns, engine);
    }
  }

  @Override
  public String toString() {
    return "Pipeline[" + runStore + ", handles " + handlers.keySet() + "]";
  }
}
