package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ValidationException;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.stream.Collectors;

/**
 * The pipeline's JSON: checkpoints and task payloads. Records are written by their components,
 * times as ISO-8601 text. Payloads are read strictly (an unknown field is an error); checkpoints
 * leniently (a field added by a newer version is ignored).
 */
public final class Json {
  private static final ObjectMapper STRICT = configure(new ObjectMapper(), true);
  private static final ObjectMapper LENIENT = configure(new ObjectMapper(), false);

  private Json() {}

  private static ObjectMapper configure(ObjectMapper mapper, boolean strict) {
    mapper.registerModule(new JavaTimeModule());
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict);
    mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, strict);
    // Only record components and getX() methods are properties: isPositive()-style helpers are not.
    mapper.setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
    mapper.setSerializationInclusion(JsonInclude.Include.ALWAYS);
    return mapper;
  }

  /** The lenient mapper, for hosts' own checkpoint data. */
  public static ObjectMapper mapper() {
    return LENIENT;
  }

  /** {@code value} as JSON. */
  public static String write(Object value) {
    try {
      return LENIENT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ClouvelException("Cannot write " + value.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e, false);
    }
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static <T> T readCheckpoint(String json, Class<T> type, String step) {
    try {
      return LENIENT.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new ClouvelException("The checkpoint of step '" + step + "' cannot be read as "
          + type.getSimpleName() + ": " + e.getOriginalMessage(), e, false);
    }
  }

  /**
   * Reads a task payload, validating it.
   *
   * @throws ValidationException naming every invalid field, or the field that is unknown or of the
   *     wrong type, or saying the payload is not JSON
   */
  public static <T> T readPayload(String json, Class<T> type) {
    String subject = type.getSimpleName();
    if (json == null || json.isBlank()) {
      throw ValidationException.of(subject, "payload", "is empty; expected a JSON object");
    }
    try {
      T value = STRICT.readValue(json, type);
      if (value == null) {
        throw ValidationException.of(subject, "payload", "is null; expected a JSON object");
      }
      return value;
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof ValidationException ve) {
        throw ve;
      }
      throw ValidationException.of(subject, "payload", e.getOriginalMessage());
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(String::valueOf).sorted().collect(Collectors.joining(", "));
      throw ValidationException.of(subject, path(e, e.getPropertyName()),
          "is not a field of " + subject + (known.isEmpty() ? "" : "; its fields are: " + known));
    } catch (InvalidFormatException e) {
      throw ValidationException.of(subject, path(e, "payload"),
          "must be a " + e.getTargetType().getSimpleName() + ", was " + e.getValue());
    } catch (MismatchedInputException e) {
      String target = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
      throw ValidationException.of(subject, path(e, "payload"), "must be a " + target + " ("
          + e.getOriginalMessage().split("\n")[0] + ")");
    } catch (JsonProcessingException e) {
      throw ValidationException.of(subject, "payload", "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String path(JsonMappingException e, String fallback) {
    String p = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    return p.isEmpty() ? fallback : p;
  }
}
