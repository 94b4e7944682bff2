package ai.clouvel.sdk.providers.internal;

import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.spi.TrendSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Trends from the user's own JSON array or JSON Lines file, re-read whenever the file's
 * modification time or size changes. Communities match ignoring case and an {@code r/} prefix.
 * Thread-safe.
 */
public final class FileTrendSource implements TrendSource {
  /** The provider id. */
  public static final String ID = "file";

  private record Snapshot(FileTime modified, long size, Map<String, List<Trend>> byCommunity) {}

  private final Path file;
  private final Clock clock;
  private @Nullable Snapshot snapshot;

  /** Reads {@code file}, lazily and again when it changes; times are read from {@code clock}. */
  public FileTrendSource(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  @Override
  public String id() {
    return ID;
  }

  /** The file it reads. */
  public Path file() {
    return file;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ValidationException naming every malformed line and field of the file, or an unknown community
   */
  @Override
  public List<Trend> fetch(TrendQuery query) {
    Map<String, List<Trend>> byCommunity = current().byCommunity;
    Map<String, String> canonicalNames = new LinkedHashMap<>();
    byCommunity.keySet().forEach(c -> canonicalNames.put(SampleTrendSource.canonical(c), c));
    List<String> requested = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String community : query.communities()) {
      String name = canonicalNames.get(SampleTrendSource.canonical(community));
      if (name == null) {
        unknown.add("'" + community + "'");
      } else if (!requested.contains(name)) {
        requested.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw ValidationException.of("TrendQuery", "communities", "the trend file " + file + " has no community "
          + String.join(", ", unknown) + "; its communities: "
          + (byCommunity.isEmpty() ? "(none, the file holds no trends)" : String.join(", ", byCommunity.keySet())));
    }
    return TrendSelection.select(byCommunity, requested, query, clock.instant());
  }

  private synchronized Snapshot current() {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ProviderException(ID, "the trend file " + file.toAbsolutePath()
          + " does not exist; set clouvel.file.path (CLOUVEL_FILE_PATH) to a JSON or JSON Lines file", false, e);
    } catch (IOException e) {
      throw new ProviderException(ID, "cannot read the trend file " + file.toAbsolutePath() + ": " + e, true, e);
    }
    Snapshot s = snapshot;
    if (s != null && s.modified.equals(attributes.lastModifiedTime()) && s.size == attributes.size()) {
      return s;
    }
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw ValidationException.of("trend file " + file, "encoding", "the file is not valid UTF-8");
    } catch (IOException e) {
      throw new ProviderException(ID, "cannot read the trend file " + file.toAbsolutePath() + ": " + e, true, e);
    }
    Instant modified = attributes.lastModifiedTime().toInstant();
    List<Trend> trends = TrendFileParser.parse(file, ID, content, modified);
    Map<String, List<Trend>> byCommunity = new LinkedHashMap<>();
    Map<String, String> seenIds = new LinkedHashMap<>();
    Map<String, String> spelling = new LinkedHashMap<>();
    for (Trend t : trends) {
      String previous = seenIds.putIfAbsent(t.id(), t.community());
      if (previous != null) {
        throw ValidationException.of("trend file " + file, "id", "the id '" + t.id() + "' appears more than once");
      }
      // Spellings differing only in case are one community, named as first written.
      String name = spelling.computeIfAbsent(SampleTrendSource.canonical(t.community()), c -> t.community());
      byCommunity.computeIfAbsent(name, c -> new ArrayList<>()).add(t);
    }
    s = new Snapshot(attributes.lastModifiedTime(), attributes.size(), byCommunity);
    snapshot = s;
    return s;
  }

  @Override
  public String toString() {
    return "FileTrendSource[" + file + "]";
  }
}
