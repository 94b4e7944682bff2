package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A task to enqueue. Build one with {@link #builder(String)}:
 *
 * <pre>{@code
 * TaskSpec spec = TaskSpec.builder("SPONSORED_POST")
 *     .payload("{\"community\":\"java\"}")
 *     .priority(100)
 *     .uniqueKey("commission-42")
 *     .build();
 * }</pre>
 *
 * @param type the task type, which selects the handler: letters, digits, {@code _ . : -}, at most 64
 * @param payload the task's input, JSON by convention; size-limited by the queue
 * @param priority higher runs first; tasks of equal priority run by due time, then first in
 * @param runAt when the task becomes due; {@code null} for now (the queue's clock)
 * @param maxAttempts how many attempts before the task is dead; at least 1
 * @param uniqueKey while a task with this key is queued or running, enqueueing another returns the
 *     existing task's id and creates nothing; {@code null} for no such rule
 * @param accountId the account the task belongs to
 */
public record TaskSpec(
    String type,
    String payload,
    int priority,
    @Nullable Instant runAt,
    int maxAttempts,
    @Nullable String uniqueKey,
    String accountId) {

  /** The account of single-creator hosts. */
  public static final String DEFAULT_ACCOUNT = "default";
  /** Attempts when not set. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** The earliest due time a queue accepts. */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  /** The latest due time a queue accepts (what every supported database can store). */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /** Validates every field, naming each invalid one. */
  public TaskSpec {
    Checks.of("TaskSpec")
        .notBlank(type, "type")
        .check(type == null || type.isBlank() || TYPE.matcher(type).matches(), "type",
            () -> "must be 1 to 64 letters, digits or _ . : - characters, was '" + type + "'")
        .notNull(payload, "payload")
        .check(maxAttempts >= 1, "maxAttempts", () -> "must be at least 1, was " + maxAttempts)
        .check(uniqueKey == null || (!uniqueKey.isBlank() && uniqueKey.length() <= 200), "uniqueKey",
            "must be 1 to 200 characters when set")
        .notBlank(accountId, "accountId")
        .check(accountId == null || accountId.length() <= 200, "accountId", "must be at most 200 characters")
        .check(runAt == null || (!runAt.isBefore(EARLIEST) && !runAt.isAfter(LATEST)), "runAt",
            () -> "must be between " + EARLIEST + " and " + LATEST + ", was " + runAt)
        .check(payload == null || payload.indexOf('\0') < 0, "payload",
            "must not contain NUL characters (JSON escapes them as \\u0000)")
        .check(uniqueKey == null || uniqueKey.indexOf('\0') < 0, "uniqueKey", "must not contain NUL characters")
        .check(accountId == null || accountId.indexOf('\0') < 0, "accountId", "must not contain NUL characters")
        .validate();
  }

  /** A builder for a task of {@code type}. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** A task of {@code type} with an empty JSON payload and defaults otherwise. */
  public static TaskSpec of(String type) {
    return builder(type).build();
  }

  /** A task of {@code type} with the given payload and defaults otherwise. */
  public static TaskSpec of(String type, String payload) {
    return builder(type).payload(payload).build();
  }

  /** Builds a {@link TaskSpec}; every setter documents its default. */
  public static final class Builder {
    private final String type;
    private String payload = "{}";
    private int priority;
    private @Nullable Instant runAt;
    private @Nullable Duration delay;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private @Nullable String uniqueKey;
    private String accountId = DEFAULT_ACCOUNT;

    private Builder(String type) {
      this.type = type;
    }

    /** The JSON payload; default {@code {}}. */
    public Builder payload(String payload) {
      this.payload = payload;
      return this;
    }

    /** Higher runs first; default 0. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** When the task becomes due; default now. Clears {@link #delay}. */
    public Builder runAt(@Nullable Instant runAt) {
      this.runAt = runAt;
      this.delay = null;
      return this;
    }

    /**
     * Due this long after it is enqueued, by the queue's clock; default none. Clears {@link #runAt}.
     * The delay is resolved against the system clock at {@link #build()}.
     */
    public Builder delay(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw ai.clouvel.sdk.exception.ValidationException.of("TaskSpec", "delay", "must not be negative");
      }
      this.delay = delay;
      this.runAt = null;
      return this;
    }

    /** Attempts before the task is dead; default {@value TaskSpec#DEFAULT_MAX_ATTEMPTS}. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Deduplicates while a task with the same key is queued or running; default none. */
    public Builder uniqueKey(@Nullable String uniqueKey) {
      this.uniqueKey = uniqueKey;
      return this;
    }

    /** The owning account; default {@value TaskSpec#DEFAULT_ACCOUNT}. */
    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    /** Validates and builds. */
    public TaskSpec build() {
      Instant due = delay == null ? runAt : Instant.now().plus(delay);
      return new TaskSpec(type, payload, priority, due, maxAttempts, uniqueKey, accountId);
    }
  }
}
