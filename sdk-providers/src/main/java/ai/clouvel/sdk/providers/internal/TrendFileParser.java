package ai.clouvel.sdk.providers.internal;

import ai.clouvel.sdk.exception.ClouvelException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.exception.ValidationException.FieldError;
import ai.clouvel.sdk.model.Trend;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a trend file: a JSON array of objects, or JSON Lines (one object per line, blank lines
 * and lines starting with {@code //} skipped). Collects every error with its line number and field
 * before failing, up to {@value #MAX_ERRORS}.
 */
final class TrendFileParser {
  static final int MAX_ERRORS = 25;
  private static final Set<String> KNOWN_FIELDS = Set.of(
      "id", "community", "title", "url", "score", "comments", "createdAt", "nsfw", "author", "attributes");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final String source;
  private final Instant defaultCreatedAt;
  private final List<FieldError> errors = new ArrayList<>();

  private TrendFileParser(Path file, String source, Instant defaultCreatedAt) {
    this.file = file;
    this.source = source;
    this.defaultCreatedAt = defaultCreatedAt;
  }

  /**
   * Parses {@code content}.
   *
   * @param defaultCreatedAt the time of trends without {@code createdAt} (the file's modification time)
   * @throws ValidationException naming the file, and every bad line and field
   */
  static List<Trend> parse(Path file, String source, String content, Instant defaultCreatedAt) {
    TrendFileParser parser = new TrendFileParser(file, source, defaultCreatedAt);
    List<Trend> trends = content.stripLeading().startsWith("[") ? parser.parseArray(content) : parser.parseLines(content);
    if (!parser.errors.isEmpty()) {
      throw new ValidationException("trend file " + file, parser.errors);
    }
    return trends;
  }

  private List<Trend> parseArray(String content) {
    List<Trend> trends = new ArrayList<>();
    try (JsonParser p = MAPPER.createParser(content)) {
      p.nextToken(); // START_ARRAY
      JsonToken token;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          error(p.currentLocation().getLineNr(), "file", "the JSON array is not closed with ']'");
          break;
        }
        int line = p.currentTokenLocation().getLineNr();
        JsonNode node = p.readValueAsTree();
        add(trends, line, node);
        if (errors.size() >= MAX_ERRORS) {
          break;
        }
      }
      if (p.nextToken() != null) {
        error(p.currentTokenLocation().getLineNr(), "file", "unexpected content after the closing ']'");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      error(at == null ? 0 : at.getLineNr(), "json", "malformed JSON"
          + (at == null ? "" : " at column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ClouvelException("Cannot read trend file " + file + ": " + e.getMessage(), e, false);
    }
    return trends;
  }

  private List<Trend> parseLines(String content) {
    List<Trend> trends = new ArrayList<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length && errors.size() < MAX_ERRORS; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("//")) {
        continue;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        error(i + 1, "json", "malformed JSON" + (at == null ? "" : " at column " + at.getColumnNr()) + ": "
            + e.getOriginalMessage());
        continue;
      }
      add(trends, i + 1, node);
    }
    return trends;
  }

  private void add(List<Trend> trends, int line, JsonNode node) {
    if (node == null || !node.isObject()) {
      error(line, "json", "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType()));
      return;
    }
    int before = errors.size();
    String id = text(line, node, "id", true);
    String community = text(line, node, "community", true);
    String title = text(line, node, "title", true);
    URI url = null;
    String rawUrl = text(line, node, "url", false);
    if (rawUrl != null) {
      try {
        url = new URI(rawUrl);
        if (!url.isAbsolute()) {
          error(line, "url", "must be an absolute URL such as https://example.com/post, was '" + rawUrl + "'");
        }
      } catch (URISyntaxException e) {
        error(line, "url", "is not a valid URL: " + e.getReason());
      }
    }
    long score = count(line, node, "score");
    long comments = count(line, node, "comments");
    Instant createdAt = defaultCreatedAt;
    String rawCreatedAt = text(line, node, "createdAt", false);
    if (rawCreatedAt != null) {
      try {
        createdAt = Instant.parse(rawCreatedAt);
      } catch (DateTimeParseException e) {
        error(line, "createdAt", "must be an ISO-8601 instant such as 2026-11-21T09:30:00Z, was '" + rawCreatedAt + "'");
      }
    }
    boolean nsfw = false;
    if (node.has("nsfw") && !node.get("nsfw").isNull()) {
      if (node.get("nsfw").isBoolean()) {
        nsfw = node.get("nsfw").booleanValue();
      } else {
        error(line, "nsfw", "must be true or false");
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    String author = text(line, node, "author", false);
    if (author != null) {
      attributes.put("author", author);
    }
    JsonNode attrs = node.get("attributes");
    if (attrs != null && !attrs.isNull()) {
      if (!attrs.isObject()) {
        error(line, "attributes", "must be an object of names to strings");
      } else {
        for (Map.Entry<String, JsonNode> e : attrs.properties()) {
          if (e.getValue().isValueNode() && !e.getValue().isNull()) {
            attributes.put(e.getKey(), e.getValue().asText());
          } else {
            error(line, "attributes." + e.getKey(), "must be a string, number or boolean");
          }
        }
      }
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!KNOWN_FIELDS.contains(name)) {
        error(line, name, "is not a known field; known fields: " + String.join(", ", new java.util.TreeSet<>(KNOWN_FIELDS)));
      }
    }
    if (errors.size() == before) {
      trends.add(new Trend(id, source, community, title, url, score, comments, createdAt, nsfw, attributes));
    }
  }

  private @org.jspecify.annotations.Nullable String text(int line, JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        error(line, field, "is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      error(line, field, "must be a string, found " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      return null;
    }
    if (value.asText().isBlank()) {
      if (required) {
        error(line, field, "must not be blank");
      }
      return null;
    }
    return value.asText().strip();
  }

  private long count(int line, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      error(line, field, "must be a whole number of at least 0, was " + value);
      return 0;
    }
    return value.asLong();
  }

  private void error(int line, String field, String message) {
    if (errors.size() < MAX_ERRORS) {
      errors.add(new FieldError("line " + line + " " + field, message));
    }
  }
}
