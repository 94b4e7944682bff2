package ai.clouvel.sdk.internal.queue;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.queue.ClaimedTask;
import ai.clouvel.sdk.queue.Failure;
import ai.clouvel.sdk.queue.TaskSpec;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The input checks every {@link ai.clouvel.sdk.queue.TaskQueue} applies, with the same messages. */
public final class QueueChecks {
  /** The longest last error kept on a task, in characters; longer ones are cut. */
  public static final int MAX_ERROR_CHARS = 4000;
  /** The longest worker name. */
  public static final int MAX_WORKER_CHARS = 200;
  /** The default payload limit: 64 KiB of UTF-8. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

  private QueueChecks() {}

  /** Rejects a null spec or one whose payload is over {@code maxPayloadBytes} of UTF-8. */
  public static void spec(@Nullable TaskSpec spec, int maxPayloadBytes, String field) {
    if (spec == null) {
      throw ValidationException.of("TaskQueue", field, "is required");
    }
    String payload = spec.payload();
    // Every char is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars).
    if ((long) payload.length() * 3 > maxPayloadBytes) {
      long bytes = utf8Length(payload);
      if (bytes > maxPayloadBytes) {
        throw ValidationException.of("TaskSpec", field.equals("spec") ? "payload" : field + ".payload",
            "must be at most " + maxPayloadBytes + " bytes of UTF-8, was " + bytes);
      }
    }
  }

  /** Checks every spec of a batch before anything is changed. */
  public static void specs(@Nullable List<TaskSpec> specs, int maxPayloadBytes) {
    if (specs == null) {
      throw ValidationException.of("TaskQueue", "specs", "is required");
    }
    for (int i = 0; i < specs.size(); i++) {
      spec(specs.get(i), maxPayloadBytes, "specs[" + i + "]");
    }
  }

  /** The longest lease or lease extension. */
  public static final Duration MAX_LEASE = Duration.ofDays(7);
  /** The longest wait before a retry; longer ones (e.g. a huge {@code retryAfter}) are cut to it. */
  public static final Duration MAX_RETRY_DELAY = Duration.ofDays(365);
  /** The largest purge age; larger ones are cut to it. */
  public static final Duration MAX_AGE = Duration.ofDays(365L * 1000);

  /** Checks the arguments of {@code claim}. */
  public static void claim(@Nullable String worker, int max, @Nullable Duration lease) {
    java.util.ArrayList<ValidationException.FieldError> errors = new java.util.ArrayList<>(3);
    if (worker == null || worker.isBlank() || worker.length() > MAX_WORKER_CHARS || worker.indexOf('\0') >= 0) {
      errors.add(new ValidationException.FieldError("worker",
          worker == null ? "is required" : "must be 1 to " + MAX_WORKER_CHARS + " characters, not blank"));
    }
    if (max < 1) {
      errors.add(new ValidationException.FieldError("max", "must be at least 1, was " + max));
    }
    if (lease == null || lease.isZero() || lease.isNegative() || lease.compareTo(MAX_LEASE) > 0) {
      errors.add(new ValidationException.FieldError("lease", "must be positive and at most " + MAX_LEASE + ", was " + lease));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("claim", errors);
    }
  }

  /** Rejects a null claimed task. */
  public static void claimed(@Nullable ClaimedTask task, String field) {
    if (task == null) {
      throw ValidationException.of("TaskQueue", field, "is required");
    }
  }

  /** Rejects a null list of claimed tasks or a null element. */
  public static void claimedList(@Nullable List<ClaimedTask> tasks) {
    if (tasks == null) {
      throw ValidationException.of("TaskQueue", "tasks", "is required");
    }
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i) == null) {
        throw ValidationException.of("TaskQueue", "tasks[" + i + "]", "is required");
      }
    }
  }

  /** Rejects a null failure. */
  public static void failure(@Nullable Failure failure) {
    if (failure == null) {
      throw ValidationException.of("TaskQueue", "failure", "is required");
    }
  }

  /** Rejects a missing, zero or negative lease extension, or one over {@link #MAX_LEASE}. */
  public static void lease(@Nullable Duration d, String field) {
    if (d == null || d.isZero() || d.isNegative() || d.compareTo(MAX_LEASE) > 0) {
      throw ValidationException.of("TaskQueue", field, "must be positive and at most " + MAX_LEASE + ", was " + d);
    }
  }

  /** Rejects a missing or negative duration. */
  public static void notNegative(@Nullable Duration d, String field) {
    if (d == null || d.isNegative()) {
      throw ValidationException.of("TaskQueue", field, "must not be negative, was " + d);
    }
  }

  /** Rejects a due time no database can store. */
  public static void runAt(java.time.@Nullable Instant runAt) {
    if (runAt == null) {
      throw ValidationException.of("TaskQueue", "runAt", "is required");
    }
    if (runAt.isBefore(TaskSpec.EARLIEST) || runAt.isAfter(TaskSpec.LATEST)) {
      throw ValidationException.of("TaskQueue", "runAt",
          "must be between " + TaskSpec.EARLIEST + " and " + TaskSpec.LATEST + ", was " + runAt);
    }
  }

  /** A purge age cut to {@link #MAX_AGE}. */
  public static Duration age(Duration olderThan) {
    return olderThan.compareTo(MAX_AGE) > 0 ? MAX_AGE : olderThan;
  }

  /** Rejects a null argument. */
  public static void notNull(@Nullable Object value, String field) {
    if (value == null) {
      throw ValidationException.of("TaskQueue", field, "is required");
    }
  }

  /** The number of bytes {@code s} takes in UTF-8, without encoding it. */
  public static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The error text kept on a task: the message, cut to {@link #MAX_ERROR_CHARS}. */
  public static String errorText(Failure failure) {
    String m = failure.message();
    return m.length() <= MAX_ERROR_CHARS ? m : m.substring(0, MAX_ERROR_CHARS - 1) + "…";
  }

  /** The wait before the next attempt of a failed one. */
  public static Duration retryDelay(ai.clouvel.sdk.queue.RetryPolicy policy, Failure failure, int attempt) {
    Duration after = failure.retryAfter();
    Duration delay = after != null ? after : policy.delayAfter(attempt);
    return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
  }
}
