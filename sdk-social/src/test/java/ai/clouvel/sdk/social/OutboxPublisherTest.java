package ai.clouvel.sdk.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.exception.InvalidContentException;
import ai.clouvel.sdk.model.Asset;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.social.internal.OutboxPublisher;
import ai.clouvel.sdk.spi.ProviderRegistry;
import ai.clouvel.sdk.spi.Publisher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxPublisherTest {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private OutboxPublisher outbox(Path file) {
    return new OutboxPublisher(file, "reddit", Set.of(), CLOCK);
  }

  private static Post post(String platform, String body, String key) {
    return new Post(platform, platform.equals("reddit") ? "cats" : null, platform.equals("reddit") ? "Sun cat" : "",
        body, Asset.ofUrl("art-1.png", "image/png", URI.create("https://assets.example.com/art-1.png")), key);
  }

  private List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void appends_one_json_line_per_post_and_reads_it_back() throws IOException {
    Path file = dir.resolve("sub/outbox.jsonl");
    OutboxPublisher outbox = outbox(file);
    Publication publication = outbox.publish(post("reddit", "Look at him #cats", "task-1:publish:reddit"));
    assertThat(publication.publisher()).isEqualTo("outbox");
    assertThat(publication.platform()).isEqualTo("reddit");
    assertThat(publication.publishedAt()).isEqualTo(NOW);
    assertThat(publication.postId()).startsWith("outbox_");
    assertThat(publication.url()).isNotNull();
    assertThat(publication.url().toString()).startsWith("file:").endsWith("#" + publication.postId());

    assertThat(lines(file)).singleElement().satisfies(n -> {
      assertThat(n.get("platform").asText()).isEqualTo("reddit");
      assertThat(n.get("community").asText()).isEqualTo("cats");
      assertThat(n.get("title").asText()).isEqualTo("Sun cat");
      assertThat(n.get("body").asText()).isEqualTo("Look at him #cats");
      assertThat(n.get("media").get("name").asText()).isEqualTo("art-1.png");
      assertThat(n.get("media").get("url").asText()).isEqualTo("https://assets.example.com/art-1.png");
      assertThat(n.get("idempotencyKey").asText()).isEqualTo("task-1:publish:reddit");
      assertThat(n.get("publishedAt").asText()).isEqualTo(NOW.toString());
      assertThat(n.get("postId").asText()).isEqualTo(publication.postId());
    });
    assertThat(outbox.findPublished(post("reddit", "other text", "task-1:publish:reddit"))).contains(publication);
    assertThat(outbox.findPublished(post("reddit", "x", "task-2:publish:reddit"))).isEmpty();
  }

  @Test
  void serves_several_platforms_with_each_platforms_rules() throws IOException {
    Path file = dir.resolve("outbox.jsonl");
    OutboxPublisher outbox = outbox(file);
    assertThat(outbox.rules().platform()).isEqualTo("reddit");
    outbox.publish(post("x", "Short and sweet #cats", "a"));
    outbox.publish(post("reddit", "r".repeat(1000), "b"));
    assertThatThrownBy(() -> outbox.publish(post("x", "r".repeat(1000), "c")))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("BODY_TOO_LONG");
    assertThat(lines(file)).extracting(n -> n.get("platform").asText()).containsExactly("x", "reddit");
  }

  @Test
  void never_appends_the_same_key_twice_even_from_a_new_instance() throws IOException {
    Path file = dir.resolve("outbox.jsonl");
    Publication first = outbox(file).publish(post("reddit", "Hello #cats", "task-9:publish:reddit"));
    OutboxPublisher reopened = outbox(file);
    assertThat(reopened.findPublished(post("reddit", "Hello #cats", "task-9:publish:reddit"))).contains(first);
    Publication again = reopened.publish(post("reddit", "Hello again #cats", "task-9:publish:reddit"));
    assertThat(again).isEqualTo(first);
    assertThat(Files.readAllLines(file)).hasSize(1);
  }

  @Test
  void sees_posts_another_instance_appended_after_it_opened() throws IOException {
    Path file = dir.resolve("outbox.jsonl");
    OutboxPublisher a = outbox(file);
    OutboxPublisher b = outbox(file);
    Publication byA = a.publish(post("reddit", "from a", "shared-key"));
    assertThat(b.publish(post("reddit", "from b", "shared-key"))).isEqualTo(byA);
    assertThat(Files.readAllLines(file)).hasSize(1);
  }

  @Test
  void rejects_a_post_that_breaks_the_rules_listing_every_violation_and_writes_nothing() {
    Path file = dir.resolve("outbox.jsonl");
    OutboxPublisher outbox = new OutboxPublisher(file, "reddit", Set.of("giveaway"), CLOCK);
    Post bad = post("instagram", "GIVEAWAY! buy at https://shop.example.com/p?utm_source=ig #a", "k");
    assertThatThrownBy(() -> outbox.publish(bad))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("[outbox]")
        .hasMessageContaining("LINKS_NOT_ALLOWED")
        .hasMessageContaining("MISSING_AFFILIATE_DISCLOSURE")
        .hasMessageContaining("BLOCKED_TERM");
    assertThat(file).doesNotExist();
    assertThat(outbox.rules().blockedTerms()).contains("giveaway");
  }

  @Test
  void a_line_cut_short_by_a_crash_is_skipped_and_the_next_record_starts_on_its_own_line() throws IOException {
    Path file = dir.resolve("outbox.jsonl");
    outbox(file).publish(post("reddit", "one", "k1"));
    Files.writeString(file, "{\"platform\":\"reddit\",\"body\":\"cut sh", java.nio.file.StandardOpenOption.APPEND);
    OutboxPublisher reopened = outbox(file);
    reopened.publish(post("reddit", "two", "k2"));
    List<String> raw = Files.readAllLines(file);
    assertThat(raw).hasSize(3);
    assertThat(JSON.readTree(raw.get(2)).get("idempotencyKey").asText()).isEqualTo("k2");
    OutboxPublisher third = outbox(file);
    assertThat(third.findPublished(post("reddit", "one", "k1"))).isPresent();
    assertThat(third.findPublished(post("reddit", "two", "k2"))).isPresent();
    assertThat(third.malformedLines()).isEqualTo(1);
  }

  @Test
  void concurrent_publishes_write_whole_lines_once_per_key() throws Exception {
    Path file = dir.resolve("outbox.jsonl");
    OutboxPublisher one = outbox(file);
    OutboxPublisher two = outbox(file);
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        OutboxPublisher publisher = t % 2 == 0 ? one : two;
        Callable<Void> work = () -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            // Every key is published by two threads at once, through two instances.
            publisher.publish(post("reddit", "Post " + i + " " + "é日".repeat(i) + " #cats", "key-" + i));
            publisher.publish(post("x", "Thread-unique " + Thread.currentThread().getName() + " " + i,
                "unique-" + Thread.currentThread().getName() + "-" + i));
          }
          return null;
        };
        futures.add(pool.submit(work));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<JsonNode> nodes = lines(file);
    assertThat(nodes).hasSize(perThread + threads * perThread);
    assertThat(nodes).extracting(n -> n.get("idempotencyKey").asText()).doesNotHaveDuplicates();
  }

  @Test
  void the_factory_uses_defaults_and_names_a_bad_platform_key() {
    ProviderRegistry registry = ProviderRegistry.load();
    assertThat(registry.ids(Publisher.class)).contains("outbox");
    Path file = dir.resolve("o.jsonl");
    Publisher publisher = registry.create(Publisher.class, "outbox", new ProviderConfig("outbox",
        ClouvelConfig.fromMap(Map.of("clouvel.outbox.path", file.toString(), "clouvel.outbox.platform", "x",
            "clouvel.outbox.blocked-terms", "spam, scam")), CLOCK));
    assertThat(publisher.rules().platform()).isEqualTo("x");
    assertThat(publisher.rules().blockedTerms()).containsExactlyInAnyOrder("spam", "scam");
    assertThat(registry.factory(Publisher.class, "outbox").configKeys()).extracting(k -> k.name())
        .containsExactly("path", "platform", "blocked-terms");
    assertThatThrownBy(() -> registry.create(Publisher.class, "outbox",
        ClouvelConfig.fromMap(Map.of("clouvel.outbox.platform", "myspace")).forProvider("outbox")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clouvel.outbox.platform")
        .hasMessageContaining("CLOUVEL_OUTBOX_PLATFORM")
        .hasMessageContaining("'myspace'");
  }
}
