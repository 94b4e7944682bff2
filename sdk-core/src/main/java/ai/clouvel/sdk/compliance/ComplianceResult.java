package ai.clouvel.sdk.compliance;

import ai.clouvel.sdk.exception.InvalidContentException;
import ai.clouvel.sdk.internal.Checks;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of checking one post against one platform's rules.
 *
 * @param platform the platform whose rules were applied
 * @param length the body's length as the platform counts it (weighted on X)
 * @param violations every broken rule, in a stable order (body length, title, hashtags, links,
 *     disclosure, blocked terms); empty when the post complies; copied
 */
public record ComplianceResult(String platform, int length, List<Violation> violations) {

  /** Validates every field and copies the list. */
  public ComplianceResult {
    Checks.of("ComplianceResult")
        .notBlank(platform, "platform")
        .check(length >= 0, "length", "must not be negative")
        .noNulls(violations, "violations")
        .validate();
    violations = List.copyOf(violations);
  }

  /** Whether the post breaks no rule. */
  public boolean isCompliant() {
    return violations.isEmpty();
  }

  /** The reasons, one per violation, to feed back to a generator. */
  public List<String> reasons() {
    return violations.stream().map(Violation::reason).toList();
  }

  /** The codes of the broken rules, one per violation. */
  public List<ViolationCode> codes() {
    return violations.stream().map(Violation::code).toList();
  }

  /** Whether a rule with {@code code} is broken. */
  public boolean has(ViolationCode code) {
    return violations.stream().anyMatch(v -> v.code() == code);
  }

  /**
   * Returns normally when the post complies; otherwise throws an {@link InvalidContentException}
   * from {@code providerId} whose message lists every violation.
   */
  public void throwIfInvalid(String providerId) {
    if (!isCompliant()) {
      throw new InvalidContentException(providerId, summary(), 0, null, null, null, null);
    }
  }

  /** One line: {@code "compliant with x"} or the platform and every violation. */
  public String summary() {
    if (isCompliant()) {
      return "compliant with " + platform;
    }
    return "post breaks " + violations.size() + " " + platform + " rule" + (violations.size() == 1 ? "" : "s")
        + ": " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }
}
