package ai.clouvel.sdk.internal;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.exception.ValidationException.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects every invalid field of one value, then throws one {@link ValidationException} naming
 * them all. Used by the compact constructors of the public records.
 */
public final class Checks {
  private final String subject;
  private @Nullable List<FieldError> errors;

  private Checks(String subject) {
    this.subject = subject;
  }

  /** Starts checking a value of the given type name. */
  public static Checks of(String subject) {
    return new Checks(subject);
  }

  /** Records an error for {@code field} when {@code ok} is false. */
  public Checks check(boolean ok, String field, String message) {
    if (!ok) {
      if (errors == null) {
        errors = new ArrayList<>(2);
      }
      errors.add(new FieldError(field, message));
    }
    return this;
  }

  /**
   * Records an error for {@code field} when {@code ok} is false, with a message built only then (for
   * messages that format the value, on paths where valid values are the rule).
   */
  public Checks check(boolean ok, String field, Supplier<String> message) {
    return ok ? this : check(false, field, message.get());
  }

  /** The field must be present. */
  public Checks notNull(@Nullable Object value, String field) {
    return check(value != null, field, "is required");
  }

  /** The field must be present and contain a non-whitespace character. */
  public Checks notBlank(@Nullable String value, String field) {
    return check(value != null && !value.isBlank(), field, value == null ? "is required" : "must not be blank");
  }

  /** The collection must be present and hold no null element. */
  public Checks noNulls(@Nullable Collection<?> values, String field) {
    if (values == null) {
      return notNull(null, field);
    }
    boolean ok = true;
    for (Object v : values) {
      if (v == null) {
        ok = false;
        break;
      }
    }
    return check(ok, field, "must not contain null");
  }

  /** Throws one exception naming every recorded field, if any. */
  public void validate() {
    if (errors != null) {
      throw new ValidationException(subject, errors);
    }
  }
}
