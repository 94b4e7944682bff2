package ai.clouvel.sdk.social.internal;

import ai.clouvel.sdk.compliance.ComplianceChecker;
import ai.clouvel.sdk.compliance.ComplianceResult;
import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.spi.Publisher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes posts by appending them, one JSON object per line, to a local file: the outbox. Each
 * post is checked against its platform's rules first ({@link PlatformRules#forPlatform} of
 * {@link Post#platform()}, plus the configured blocked terms) and rejected with an
 * {@code InvalidContentException} listing every violation. A post's idempotency key is never
 * written twice: the publisher keeps an index of the file, catches up with lines other instances
 * or processes appended, and appends under an exclusive file lock, forcing each line to disk.
 * Thread-safe; several instances and processes may share one file.
 *
 * <p>Record fields: {@code platform, community, title, body, media {name, mediaType, url},
 * idempotencyKey, publishedAt, postId, publisher}.
 */
public final class OutboxPublisher implements Publisher {
  /** The provider id. */
  public static final String ID = "outbox";

  /** One lock object per file in this JVM: file locks are held per process, not per thread. */
  private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final PlatformRules defaultRules;
  private final Set<String> blockedTerms;
  private final Clock clock;
  private final ComplianceChecker checker = ComplianceChecker.standard();
  private final ObjectMapper mapper = new ObjectMapper();
  private final Object lock;
  private final Map<String, Publication> index = new HashMap<>();
  private long indexedBytes;
  private int malformedLines;

  /**
   * Opens the outbox at {@code file}, reading the posts it already holds.
   *
   * @param file the JSON Lines file; created, with its directories, on the first publish
   * @param defaultPlatform the platform whose rules {@link #rules()} returns
   * @param blockedTerms terms every post must avoid, on top of each platform's
   * @param clock the clock for {@code publishedAt}
   * @throws ai.clouvel.sdk.exception.ValidationException when {@code defaultPlatform} has no built-in rules
   */
  public OutboxPublisher(Path file, String defaultPlatform, Set<String> blockedTerms, Clock clock) {
    this.file = file.toAbsolutePath().normalize();
    this.blockedTerms = Set.copyOf(blockedTerms);
    this.defaultRules = PlatformRules.forPlatform(defaultPlatform).withBlockedTerms(this.blockedTerms);
    this.clock = clock;
    this.lock = JVM_LOCKS.computeIfAbsent(this.file, f -> new Object());
    if (Files.exists(this.file)) {
      synchronized (lock) {
        withChannel(false, channel -> null);
      }
    }
  }

  @Override
  public String id() {
    return ID;
  }

  /** The rules of the configured default platform, with the configured blocked terms. */
  @Override
  public PlatformRules rules() {
    return defaultRules;
  }

  /** The file it writes. */
  public Path file() {
    return file;
  }

  /** Lines of the file that could not be read as posts (e.g. a line cut short by a crash), skipped. */
  public int malformedLines() {
    synchronized (lock) {
      return malformedLines;
    }
  }

  /**
   * Appends the post unless a post with its idempotency key is already in the file, in which case
   * the earlier publication is returned.
   *
   * @throws ai.clouvel.sdk.exception.InvalidContentException listing every rule the post breaks
   * @throws ai.clouvel.sdk.exception.ValidationException when the post's platform has no built-in rules
   */
  @Override
  public Publication publish(Post post) {
    ComplianceResult result = checker.check(post, rulesFor(post.platform()));
    result.throwIfInvalid(ID);
    synchronized (lock) {
      return withChannel(true, channel -> {
        Publication existing = index.get(post.idempotencyKey());
        if (existing != null) {
          return existing;
        }
        String postId = postId(post.idempotencyKey());
        Instant now = clock.instant();
        Publication publication = new Publication(ID, post.platform(), postId, link(postId), now,
            post.idempotencyKey());
        byte[] line = (mapper.writeValueAsString(record(post, publication)) + "\n").getBytes(StandardCharsets.UTF_8);
        long size = channel.size();
        ByteBuffer buffer = ByteBuffer.wrap(line);
        if (size > 0 && !endsWithNewline(channel, size)) {
          // A line cut short by a crash: end it, so this record starts on its own line.
          buffer = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
        }
        long position = size;
        while (buffer.hasRemaining()) {
          position += channel.write(buffer, position);
        }
        channel.force(false);
        indexedBytes = position;
        index.put(post.idempotencyKey(), publication);
        return publication;
      });
    }
  }

  /** The publication of an earlier post with the same idempotency key, if the file holds one. */
  @Override
  public Optional<Publication> findPublished(Post post) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    synchronized (lock) {
      return Optional.ofNullable(withChannel(false, channel -> index.get(post.idempotencyKey())));
    }
  }

  private PlatformRules rulesFor(String platform) {
    return platform.equals(defaultRules.platform()) ? defaultRules
        : PlatformRules.forPlatform(platform).withBlockedTerms(blockedTerms);
  }

  private URI link(String postId) {
    return URI.create(file.toUri() + "#" + postId);
  }

  private ObjectNode record(Post post, Publication publication) {
    ObjectNode node = mapper.createObjectNode();
    node.put("platform", post.platform());
    node.put("community", post.community());
    node.put("title", post.title());
    node.put("body", post.body());
    if (post.media() == null) {
      node.putNull("media");
    } else {
      ObjectNode media = node.putObject("media");
      media.put("name", post.media().name());
      media.put("mediaType", post.media().mediaType());
      media.put("url", post.media().url() == null ? null : post.media().url().toString());
    }
    node.put("idempotencyKey", post.idempotencyKey());
    node.put("publishedAt", publication.publishedAt().toString());
    node.put("postId", publication.postId());
    node.put("publisher", ID);
    return node;
  }

  private interface ChannelWork<T> {
    T run(FileChannel channel) throws IOException;
  }

  /** Opens the file under an exclusive lock (shared when reading), catches up with new lines, then runs {@code work}. */
  private <T> T withChannel(boolean write, ChannelWork<T> work) {
    try {
      if (write && file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (FileChannel channel = write
          ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
          : FileChannel.open(file, StandardOpenOption.READ);
          FileLock held = channel.lock(0L, Long.MAX_VALUE, !write)) {
        if (!held.isValid()) {
          throw new IOException("the lock on " + file + " was released before use");
        }
        catchUp(channel);
        return work.run(channel);
      }
    } catch (IOException e) {
      throw new ProviderException(ID, "cannot " + (write ? "append to" : "read") + " the outbox " + file + ": " + e,
          true, e);
    }
  }

  /** Indexes the complete lines appended since the last look. */
  private void catchUp(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < indexedBytes) {
      // The file was truncated or replaced: index it again from the start.
      index.clear();
      indexedBytes = 0;
      malformedLines = 0;
    }
    if (size == indexedBytes) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - indexedBytes));
    long position = indexedBytes;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        break;
      }
      position += n;
    }
    byte[] bytes = buffer.array();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        indexLine(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    // A trailing line without '\n' is incomplete (or cut short): it is read once a newline ends it.
    indexedBytes += start;
  }

  private void indexLine(String line) {
    if (line.isBlank()) {
      return;
    }
    try {
      JsonNode node = mapper.readTree(line);
      String key = node.path("idempotencyKey").asText("");
      if (key.isBlank()) {
        malformedLines++;
        return;
      }
      String postId = node.path("postId").asText(postId(key));
      Publication publication = new Publication(ID, node.path("platform").asText("unknown"), postId, link(postId),
          Instant.parse(node.path("publishedAt").asText()), key);
      index.putIfAbsent(key, publication);
    } catch (IOException | RuntimeException e) {
      malformedLines++;
    }
  }

  private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) == '\n';
  }

  static String postId(String idempotencyKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "outbox_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "OutboxPublisher[" + file + ", default " + defaultRules.platform() + "]";
  }
}
