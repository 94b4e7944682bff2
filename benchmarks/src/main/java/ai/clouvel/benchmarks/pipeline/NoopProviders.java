package ai.clouvel.benchmarks.pipeline;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Providers that do no work, so a pipeline run measures the SDK alone: each returns a small,
 * valid, fixed answer at once (a new trend id per fetch, since the pipeline skips trends it used).
 * The art is already at a URL, so no asset is written.
 */
final class NoopProviders {
  static final String COMMUNITY = "bench";
  static final URI SHOP = URI.create("https://shop.example.com/p/1");
  static final URI POST = URI.create("https://social.example.com/p/1");
  /** Art that is already hosted, so the asset store writes nothing. */
  static final Asset ART = Asset.ofUrl("art.png", "image/png", URI.create("https://img.example.com/art.png"));

  private NoopProviders() {}

  /** One fresh trend per fetch in each asked community. */
  static final class Trends implements TrendSource {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String id() {
      return "noop";
    }

    @Override
    public List<Trend> fetch(TrendQuery query) {
      Instant now = Instant.now().minus(1, ChronoUnit.HOURS);
      return query.communities().stream()
          .map(c -> new Trend("t" + ids.incrementAndGet(), "noop", c, "A trend", null, 1000, 100, now, false,
              Map.of()))
          .toList();
    }
  }

  /** Fixed copy for every asked platform. */
  static final class Generator implements ContentGenerator {
    @Override
    public String id() {
      return "noop";
    }

    @Override
    public Content generate(ContentRequest request) {
      Map<String, String> copy = new LinkedHashMap<>();
      for (PlatformRules rules : request.platforms()) {
        copy.put(rules.platform(), "A fine mug for fans of the trend #ad");
      }
      return new Content("A mug", "Trend mug", "A fine mug.", copy, List.of("mug"), "a mug", ART,
          Usage.none("noop"));
    }
  }

  /** A listing for every draft, at once. */
  static final class Shop implements CommerceProvider {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String id() {
      return "noop";
    }

    @Override
    public Listing createListing(ProductDraft draft) {
      return new Listing("noop", "p" + ids.incrementAndGet(), SHOP, SHOP, Instant.now());
    }

    @Override
    public List<CatalogItem> catalog(CatalogQuery query) {
      return List.of();
    }
  }

  /** A publication for every post, at once. */
  static final class Social implements Publisher {
    private final AtomicLong ids = new AtomicLong();
    private final PlatformRules rules = PlatformRules.forPlatform("reddit");

    @Override
    public String id() {
      return "noop";
    }

    @Override
    public PlatformRules rules() {
      return rules;
    }

    @Override
    public Publication publish(Post post) {
      return new Publication("noop", rules.platform(), "post" + ids.incrementAndGet(), POST, Instant.now(),
          post.idempotencyKey());
    }
  }
}
