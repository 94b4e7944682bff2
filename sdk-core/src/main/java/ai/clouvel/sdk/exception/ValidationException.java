package ai.clouvel.sdk.exception;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input was rejected. {@link #errors()} lists every invalid field, not only the first, and the
 * message names them all. Never retryable: the same input fails the same way.
 */
public class ValidationException extends ClouvelException {
  private static final long serialVersionUID = 1L;

  /**
   * One invalid field.
   *
   * @param field the field's name, dotted for nested values (e.g. {@code post.title})
   * @param message what is wrong with it
   */
  public record FieldError(String field, String message) {
    /** Rejects null parts. */
    public FieldError {
      if (field == null || message == null) {
        throw new IllegalArgumentException("field and message are required");
      }
    }

    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final String subject;
  private final List<FieldError> errors;

  /**
   * @param subject what was validated, e.g. {@code "TaskSpec"}
   * @param errors every invalid field; at least one
   */
  public ValidationException(String subject, List<FieldError> errors) {
    super(format(subject, errors), null, false);
    this.subject = subject;
    this.errors = List.copyOf(errors);
  }

  /** One invalid field of {@code subject}. */
  public static ValidationException of(String subject, String field, String message) {
    return new ValidationException(subject, List.of(new FieldError(field, message)));
  }

  private static String format(String subject, List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ValidationException needs at least one field error");
    }
    return "Invalid " + subject + ": "
        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }

  /** What was validated, e.g. {@code "TaskSpec"}. */
  public String subject() {
    return subject;
  }

  /** Every invalid field, in the order they were found. */
  public List<FieldError> errors() {
    return errors;
  }
}
