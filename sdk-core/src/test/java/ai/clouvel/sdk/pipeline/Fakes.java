package ai.clouvel.sdk.pipeline;

import ai.clouvel.sdk.exception.ProviderException;
import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Asset;
import ai.clouvel.sdk.model.CatalogItem;
import ai.clouvel.sdk.model.CatalogQuery;
import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.ContentRequest;
import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.ProductDraft;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.model.Usage;
import ai.clouvel.sdk.spi.CommerceProvider;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.spi.Publisher;
import ai.clouvel.sdk.spi.TrendSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Stand-ins for the providers the pipeline calls, recording what they were asked. */
final class Fakes {
  private Fakes() {}

  static Trend trend(String id, String community, long score, long comments, Duration age, Instant now, boolean nsfw) {
    return new Trend(id, "fake", community, "Trend " + id + " in " + community, URI.create("https://example.com/" + id),
        score, comments, now.minus(age), nsfw, Map.of());
  }

  /** Trends from a fixed list; an unknown community fails the way real sources do. */
  static final class FakeTrendSource implements TrendSource {
    final List<Trend> trends = new CopyOnWriteArrayList<>();
    final List<String> known = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    FakeTrendSource(List<String> known, List<Trend> trends) {
      this.known.addAll(known);
      this.trends.addAll(trends);
    }

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public List<Trend> fetch(TrendQuery query) {
      calls.incrementAndGet();
      for (String c : query.communities()) {
        if (known.stream().noneMatch(k -> k.equalsIgnoreCase(c))) {
          throw ValidationException.of("TrendQuery", "communities", "the fake trend source has no community '" + c
              + "'; known communities: " + known);
        }
      }
      return trends.stream()
          .filter(t -> query.communities().stream().anyMatch(c -> c.equalsIgnoreCase(t.community())))
          .filter(t -> query.includeNsfw() || !t.nsfw())
          .toList();
    }
  }

  /** Writes copy per platform from a function of (platform, round); round 0 is the first generation. */
  static final class ScriptedGenerator implements ContentGenerator {
    final List<ContentRequest> requests = new CopyOnWriteArrayList<>();
    volatile Function<String, String> copy = platform -> "Fresh idea for " + platform + " #ad";
    volatile Function<Integer, Function<String, String>> byRound;
    volatile boolean withArt = true;

    @Override
    public String id() {
      return "scripted";
    }

    @Override
    public Content generate(ContentRequest request) {
      int round = requests.size();
      requests.add(request);
      Function<String, String> f = byRound != null ? byRound.apply(round) : copy;
      Map<String, String> copies = new LinkedHashMap<>();
      for (PlatformRules rules : request.platforms()) {
        copies.put(rules.platform(), f.apply(rules.platform()));
      }
      Asset art = withArt ? new Asset("art.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) round}, null)
          : null;
      return new Content("A mug about " + request.trend().title(), "Mug " + request.trend().id(), "A fine mug.",
          copies, List.of("mug"), "a mug", art, Usage.none("scripted"));
    }
  }

  /** A shop that honours idempotency keys; {@code failures} makes the next calls fail (retryably). */
  static final class RecordingCommerce implements CommerceProvider {
    final Map<String, Listing> byKey = new LinkedHashMap<>();
    final List<ProductDraft> drafts = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    final Clock clock;

    RecordingCommerce(Clock clock) {
      this.clock = clock;
    }

    @Override
    public String id() {
      return "shop";
    }

    @Override
    public synchronized Listing createListing(ProductDraft draft) {
      drafts.add(draft);
      if (failures.get() > 0) {
        failures.decrementAndGet();
        throw new ProviderException("shop", "the shop is down", 503, "POST /products", "req-1", null, true, null);
      }
      return byKey.computeIfAbsent(draft.idempotencyKey(), k -> {
        String id = "p" + (byKey.size() + 1);
        return new Listing("shop", id, URI.create("https://shop.example.com/" + id),
            URI.create("https://shop.example.com/" + id + "?utm_source=clouvel"), clock.instant());
      });
    }

    @Override
    public List<CatalogItem> catalog(CatalogQuery query) {
      return List.of();
    }
  }

  /**
   * A platform without idempotency support: every publish call makes a new post. With
   * {@code searchable} it finds earlier posts by idempotency key; {@code crashAfterPosting} makes
   * the next call post and then fail, as if the answer were lost.
   */
  static final class RecordingPublisher implements Publisher {
    final String id;
    final PlatformRules rules;
    final List<Post> posts = new CopyOnWriteArrayList<>();
    final List<Post> finds = new CopyOnWriteArrayList<>();
    final AtomicInteger crashAfterPosting = new AtomicInteger();
    final AtomicInteger failBeforePosting = new AtomicInteger();
    volatile boolean searchable = true;
    final Clock clock;

    RecordingPublisher(String id, PlatformRules rules, Clock clock) {
      this.id = id;
      this.rules = rules;
      this.clock = clock;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public PlatformRules rules() {
      return rules;
    }

    @Override
    public Publication publish(Post post) {
      if (failBeforePosting.get() > 0) {
        failBeforePosting.decrementAndGet();
        throw new ProviderException(id, "the platform is down", 503, "POST /posts", null, null, true, null);
      }
      posts.add(post);
      if (crashAfterPosting.get() > 0) {
        crashAfterPosting.decrementAndGet();
        throw new ai.clouvel.sdk.exception.OutcomeUnknownException(id, "connection reset after sending the post", 0,
            "POST /posts", null, null, null);
      }
      return publication(post, posts.size());
    }

    private Publication publication(Post post, int n) {
      return new Publication(id, rules.platform(), id + "-" + n, URI.create("https://" + id + ".example.com/" + n),
          clock.instant(), post.idempotencyKey());
    }

    @Override
    public Optional<Publication> findPublished(Post post) {
      finds.add(post);
      if (!searchable) {
        return Optional.empty();
      }
      for (int i = 0; i < posts.size(); i++) {
        if (posts.get(i).idempotencyKey().equals(post.idempotencyKey())) {
          return Optional.of(publication(posts.get(i), i + 1));
        }
      }
      return Optional.empty();
    }

    long postsWithKey(String key) {
      return posts.stream().filter(p -> p.idempotencyKey().equals(key)).count();
    }
  }

  /** Every event, in order. */
  static final class RecordingListener implements PipelineListener {
    final List<PipelineEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(PipelineEvent event) {
      events.add(event);
    }

    List<String> trail() {
      List<String> out = new ArrayList<>();
      for (PipelineEvent e : events) {
        out.add(e.stage().id() + ":" + e.kind().name().toLowerCase(Locale.ROOT));
      }
      return out;
    }

    List<String> trail(long taskId) {
      List<String> out = new ArrayList<>();
      for (PipelineEvent e : events) {
        if (e.taskId().value() == taskId) {
          out.add(e.stage().id() + ":" + e.kind().name().toLowerCase(Locale.ROOT));
        }
      }
      return out;
    }
  }
}
