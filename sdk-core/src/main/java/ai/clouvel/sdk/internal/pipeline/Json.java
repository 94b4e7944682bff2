package ai.clouvel.sdk.internal.pipeline;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ValidationException;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
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
    // Registered after JavaTimeModule, so it takes precedence for Instant; same text, written faster.
    mapper.registerModule(new SimpleModule("clouvel-json")
        .addSerializer(Instant.class, new IsoInstantSerializer())
        .addSerializer(Composed.class, new ComposedSerializer()));
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

  /**
   * {@code value} as JSON, exactly as {@link #write(Object)} writes it, taking the JSON of those of
   * its properties whose value is a key of {@code written} (by identity) from there instead of
   * writing it again.
   *
   * @param written JSON already written by {@link #write} for some values, by identity
   */
  public static String write(Object value, Map<Object, String> written) {
    if (written.isEmpty()) {
      return write(value);
    }
    try {
      return LENIENT.writeValueAsString(new Composed(value, written));
    } catch (JsonProcessingException e) {
      throw new ClouvelException("Cannot write " + value.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e, false);
    }
  }

  /** A value to write with some of its properties' JSON already known. */
  private record Composed(Object value, Map<Object, String> written) {}

  /**
   * Writes a bean's properties as its own serializer does, one by one, inserting the known JSON of
   * a property's value where its declared type is the value's own class (so writing it at the root
   * gave the same text); any other value is written by its serializer as usual.
   */
  private static final class ComposedSerializer extends StdSerializer<Composed> {
    private static final long serialVersionUID = 1L;

    ComposedSerializer() {
      super(Composed.class);
    }

    @Override
    public void serialize(Composed composed, JsonGenerator gen, SerializerProvider provider) throws IOException {
      Object value = composed.value();
      JsonSerializer<Object> serializer = provider.findTypedValueSerializer(value.getClass(), true, null);
      if (!(serializer instanceof BeanSerializerBase bean) || serializer.getClass() != BeanSerializer.class) {
        serializer.serialize(value, gen, provider);
        return;
      }
      gen.writeStartObject(value);
      for (Iterator<PropertyWriter> it = bean.properties(); it.hasNext(); ) {
        PropertyWriter property = it.next();
        if (property instanceof BeanPropertyWriter writer) {
          Object v;
          try {
            v = writer.get(value);
          } catch (Exception e) {
            throw JsonMappingException.from(gen, "Cannot read property '" + writer.getName() + "'", e);
          }
          String json = v == null ? null : composed.written().get(v);
          if (json != null && writer.getType().getRawClass() == v.getClass()) {
            gen.writeFieldName(writer.getName());
            gen.writeRawValue(json);
            continue;
          }
        }
        try {
          property.serializeAsField(value, gen, provider);
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw JsonMappingException.from(gen, "Cannot write property '" + property.getName() + "'", e);
        }
      }
      gen.writeEndObject();
    }
  }

  /**
   * Writes an {@link Instant} as {@link java.time.format.DateTimeFormatter#ISO_INSTANT} does
   * (as {@link Instant#toString()}), without going through the formatter for years 0000 to 9999.
   * Where a format is set (by annotation or configuration) or dates are written as timestamps, the
   * standard {@link InstantSerializer} writes it.
   */
  static final class IsoInstantSerializer extends StdSerializer<Instant> implements ContextualSerializer {
    private static final long serialVersionUID = 1L;

    IsoInstantSerializer() {
      super(Instant.class);
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
        throws JsonMappingException {
      JsonFormat.Value format = findFormatOverrides(provider, property, Instant.class);
      if (format == null || format.equals(JsonFormat.Value.empty())) {
        return this;
      }
      return InstantSerializer.INSTANCE.createContextual(provider, property);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
        InstantSerializer.INSTANCE.serialize(value, gen, provider);
      } else {
        gen.writeString(isoInstant(value));
      }
    }
  }

  /** The first second of year 0 and of year 10000. */
  private static final long YEAR_0 = -62_167_219_200L;
  private static final long YEAR_10000 = 253_402_300_800L;

  /** {@code t.toString()}: {@code yyyy-MM-ddTHH:mm:ss}, the nanoseconds in groups of 3 digits if any, {@code Z}. */
  static String isoInstant(Instant t) {
    long sec = t.getEpochSecond();
    if (sec < YEAR_0 || sec >= YEAR_10000) {
      return t.toString();
    }
    int nano = t.getNano();
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(sec, 86_400L));
    int secondOfDay = (int) Math.floorMod(sec, 86_400L);
    char[] buf = new char[30];
    int year = date.getYear();
    buf[0] = (char) ('0' + year / 1000);
    buf[1] = (char) ('0' + year / 100 % 10);
    buf[2] = (char) ('0' + year / 10 % 10);
    buf[3] = (char) ('0' + year % 10);
    buf[4] = '-';
    two(buf, 5, date.getMonthValue());
    buf[7] = '-';
    two(buf, 8, date.getDayOfMonth());
    buf[10] = 'T';
    two(buf, 11, secondOfDay / 3600);
    buf[13] = ':';
    two(buf, 14, secondOfDay / 60 % 60);
    buf[16] = ':';
    two(buf, 17, secondOfDay % 60);
    int n = 19;
    if (nano > 0) {
      buf[n++] = '.';
      int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
      int div = 100_000_000;
      for (int i = 0; i < digits; i++) {
        buf[n++] = (char) ('0' + nano / div % 10);
        div /= 10;
      }
    }
    buf[n++] = 'Z';
    return new String(buf, 0, n);
  }

  private static void two(char[] buf, int at, int value) {
    buf[at] = (char) ('0' + value / 10);
    buf[at + 1] = (char) ('0' + value % 10);
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
