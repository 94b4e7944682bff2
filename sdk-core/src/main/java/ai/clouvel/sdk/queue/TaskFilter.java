package ai.clouvel.sdk.queue;

import ai.clouvel.sdk.internal.Checks;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which tasks {@link TaskQueue#list} returns, newest first, one page at a time.
 *
 * @param statuses only these statuses; empty for all
 * @param types only these types; empty for all
 * @param accountId only this account's tasks; {@code null} for all accounts
 * @param offset how many matching tasks to skip
 * @param limit the page size, 1 to 1000
 */
public record TaskFilter(Set<TaskStatus> statuses, Set<String> types, @Nullable String accountId, int offset, int limit) {

  /** Validates every field and copies the sets. */
  public TaskFilter {
    Checks.of("TaskFilter")
        .noNulls(statuses, "statuses")
        .noNulls(types, "types")
        .check(offset >= 0, "offset", "must not be negative, was " + offset)
        .check(limit >= 1 && limit <= 1000, "limit", "must be between 1 and 1000, was " + limit)
        .validate();
    statuses = Set.copyOf(statuses);
    types = Set.copyOf(types);
  }

  /** Every task, first page of 100. */
  public static TaskFilter all() {
    return new TaskFilter(Set.of(), Set.of(), null, 0, 100);
  }

  /** Only the given statuses. */
  public TaskFilter withStatuses(TaskStatus... wanted) {
    return new TaskFilter(Set.of(wanted), types, accountId, offset, limit);
  }

  /** Only the given types. */
  public TaskFilter withTypes(String... wanted) {
    return new TaskFilter(statuses, Set.of(wanted), accountId, offset, limit);
  }

  /** Only the given account. */
  public TaskFilter withAccount(@Nullable String account) {
    return new TaskFilter(statuses, types, account, offset, limit);
  }

  /** The page starting at {@code newOffset} of size {@code newLimit}. */
  public TaskFilter page(int newOffset, int newLimit) {
    return new TaskFilter(statuses, types, accountId, newOffset, newLimit);
  }
}
