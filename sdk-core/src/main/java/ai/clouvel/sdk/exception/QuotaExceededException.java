package ai.clouvel.sdk.exception;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An account used up a metered quota (messages, generations, posts per period). Retryable only
 * after {@link #resetsAt()}, when known.
 */
public class QuotaExceededException extends ClouvelException {
  private static final long serialVersionUID = 1L;

  private final String accountId;
  private final String quota;
  private final long limit;
  private final @Nullable Instant resetsAt;

  /**
   * @param accountId the account that hit the limit
   * @param quota the quota's name, e.g. {@code generations.per-day}
   * @param limit the limit that was reached
   * @param resetsAt when the quota renews, if it does
   */
  public QuotaExceededException(String accountId, String quota, long limit, @Nullable Instant resetsAt) {
    super("Account '" + accountId + "' reached its quota '" + quota + "' (limit " + limit + ")"
        + (resetsAt == null ? "" : "; it resets at " + resetsAt), null, resetsAt != null);
    this.accountId = accountId;
    this.quota = quota;
    this.limit = limit;
    this.resetsAt = resetsAt;
  }

  /** The account that hit the limit. */
  public String accountId() {
    return accountId;
  }

  /** The quota's name. */
  public String quota() {
    return quota;
  }

  /** The limit that was reached. */
  public long limit() {
    return limit;
  }

  /** When the quota renews, or {@code null} if it does not. */
  public @Nullable Instant resetsAt() {
    return resetsAt;
  }
}
