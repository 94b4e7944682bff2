package ai.clouvel.sdk.compliance;

import ai.clouvel.sdk.internal.Checks;

/**
 * One broken rule.
 *
 * @param code the rule, as a stable machine code
 * @param field the part of the post that breaks it: {@code title} or {@code body}
 * @param reason what is wrong and how to fix it, in words a generator can act on, e.g.
 *     {@code "x body is too long: 301 of at most 280 characters ...; shorten it by at least 21 characters"}
 */
public record Violation(ViolationCode code, String field, String reason) {

  /** Validates every field. */
  public Violation {
    Checks.of("Violation")
        .notNull(code, "code")
        .notBlank(field, "field")
        .notBlank(reason, "reason")
        .validate();
  }

  /** {@code CODE: reason}. */
  @Override
  public String toString() {
    return code + ": " + reason;
  }
}
