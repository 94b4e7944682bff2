package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.pipeline.Checkpoint;
import ai.clouvel.sdk.pipeline.Run;
import ai.clouvel.sdk.pipeline.RunId;
import ai.clouvel.sdk.pipeline.RunStatus;
import ai.clouvel.sdk.pipeline.RunStore;
import ai.clouvel.sdk.queue.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A {@link RunStore} in memory; one lock guards everything (runs are small and few). */
public final class InMemoryRunStore implements RunStore {
  private final Map<RunId, Entry> runs = new HashMap<>();
  private final Map<String, Map<String, TaskId>> usedTrends = new HashMap<>();
  private long sequence;

  private static final class Entry {
    final RunId id;
    final String taskType;
    final @Nullable String commissionId;
    final Instant createdAt;
    final long seq;
    RunStatus status = RunStatus.RUNNING;
    @Nullable String error;
    Instant updatedAt;
    final LinkedHashMap<String, Checkpoint> checkpoints = new LinkedHashMap<>();

    Entry(RunId id, String taskType, @Nullable String commissionId, Instant at, long seq) {
      this.id = id;
      this.taskType = taskType;
      this.commissionId = commissionId;
      this.createdAt = at;
      this.updatedAt = at;
      this.seq = seq;
    }

    Run toRun() {
      return new Run(id, taskType, commissionId, status, new ArrayList<>(checkpoints.values()), error, createdAt,
          updatedAt);
    }
  }

  @Override
  public synchronized Run begin(RunId id, String taskType, @Nullable String commissionId, Instant at) {
    RunStoreChecks.begin(id, taskType, at);
    Entry e = runs.get(id);
    if (e == null) {
      e = new Entry(id, taskType, commissionId, at, ++sequence);
      runs.put(id, e);
    } else {
      e.status = RunStatus.RUNNING;
      e.updatedAt = at;
    }
    return e.toRun();
  }

  @Override
  public synchronized Optional<Run> find(RunId id) {
    RunStoreChecks.id(id);
    Entry e = runs.get(id);
    return e == null ? Optional.empty() : Optional.of(e.toRun());
  }

  @Override
  public synchronized void attempted(RunId id, String step, Instant at) {
    RunStoreChecks.step(id, step, at);
    Entry e = existing(id);
    Checkpoint current = e.checkpoints.get(step);
    if (current == null || !current.isDone()) {
      e.checkpoints.put(step, new Checkpoint(step, Checkpoint.State.ATTEMPTED, null, Duration.ZERO, at));
    }
    e.updatedAt = at;
  }

  @Override
  public synchronized void done(RunId id, String step, String output, Duration elapsed, Instant at) {
    RunStoreChecks.done(id, step, output, elapsed, at);
    Entry e = existing(id);
    e.checkpoints.put(step, new Checkpoint(step, Checkpoint.State.DONE, output, elapsed, at));
    e.updatedAt = at;
  }

  @Override
  public synchronized void finish(RunId id, RunStatus status, @Nullable String error, Instant at) {
    RunStoreChecks.finish(id, status, at);
    Entry e = existing(id);
    e.status = status;
    e.error = status == RunStatus.FAILED ? error : null;
    e.updatedAt = at;
  }

  @Override
  public synchronized List<Run> list(String accountId, int limit) {
    RunStoreChecks.list(accountId, limit);
    return runs.values().stream()
        .filter(e -> e.id.accountId().equals(accountId))
        .sorted(Comparator.comparingLong((Entry e) -> e.seq).reversed())
        .limit(limit)
        .map(Entry::toRun)
        .toList();
  }

  @Override
  public synchronized boolean useTrend(String accountId, String trendKey, TaskId by, Instant at) {
    RunStoreChecks.useTrend(accountId, trendKey, by, at);
    TaskId owner = usedTrends.computeIfAbsent(accountId, a -> new HashMap<>()).putIfAbsent(trendKey, by);
    return owner == null || owner.equals(by);
  }

  @Override
  public synchronized Set<String> usedTrends(String accountId, Collection<String> trendKeys) {
    RunStoreChecks.usedTrends(accountId, trendKeys);
    Map<String, TaskId> used = usedTrends.getOrDefault(accountId, Map.of());
    Set<String> out = new LinkedHashSet<>();
    for (String key : trendKeys) {
      if (used.containsKey(key)) {
        out.add(key);
      }
    }
    return out;
  }

  private Entry existing(RunId id) {
    Entry e = runs.get(id);
    if (e == null) {
      throw ValidationException.of("RunStore", "id", "no run " + id + " was begun");
    }
    return e;
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "InMemoryRunStore";
  }
}
