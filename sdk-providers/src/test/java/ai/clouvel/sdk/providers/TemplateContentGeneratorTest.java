package ai.clouvel.sdk.providers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.compliance.ComplianceChecker;
import ai.clouvel.sdk.compliance.ComplianceResult;
import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.ContentRequest;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.model.Usage;
import ai.clouvel.sdk.providers.internal.SampleTrendSource;
import ai.clouvel.sdk.providers.internal.TemplateContentGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TemplateContentGeneratorTest {
  private static final List<PlatformRules> ALL = List.of(PlatformRules.forPlatform("x"),
      PlatformRules.forPlatform("reddit"), PlatformRules.forPlatform("tiktok"), PlatformRules.forPlatform("instagram"));
  /** A Zazzle create-a-product link of the length the pipeline appends. */
  private static final String LINK = "https://www.zazzle.com/api/create/at-238000000000000000?rf=238000000000000000"
      + "&ax=Linkover&pd=256000000000000000&fwd=ProductPage&ed=true"
      + "&image0=https%3A%2F%2Fassets.example.com%2Fart-1234abcd.png&t_title_txt=Corgi+Sweaters+Mug";
  private static final String LONG_MESSAGE = "Made possible by Penny's Pet Bakery, baking dog-safe birthday cakes "
      + "in Portland since 2009: every order this month plants a tree, and our corgis Biscuit and Waffles say hi to "
      + "everyone in the thread! Visit us at pennyspets.example.com for the full story of how it all started.";

  private final TemplateContentGenerator generator = new TemplateContentGenerator(128);
  private final ComplianceChecker checker = ComplianceChecker.standard();
  private final SampleTrendSource sample =
      new SampleTrendSource(Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));

  private Trend trend(String community) {
    return sample.fetch(TrendQuery.of(community)).get(0);
  }

  private static ContentRequest request(Trend trend, List<PlatformRules> platforms, String message, List<String> feedback) {
    return new ContentRequest(trend, platforms, message, feedback, true, "task-1:generate", Map.of());
  }

  /** What the pipeline does: append the tracking link in its own paragraph, where the platform allows links. */
  private static String withLink(String copy, PlatformRules rules) {
    return rules.maxLinks() == 0 ? copy : copy + "\n\n" + LINK;
  }

  @Test
  void the_same_request_gives_the_same_content_art_included() {
    ContentRequest request = request(trend("aww"), ALL, "Thanks to Penny!", List.of());
    Content first = generator.generate(request);
    Content second = new TemplateContentGenerator(128).generate(request);
    assertThat(second).isEqualTo(first);
    assertThat(second.art()).isNotNull();
    assertThat(second.art().bytes()).isEqualTo(first.art().bytes());
  }

  @Test
  void makes_every_part_and_uses_no_model() {
    Trend trend = trend("gardening");
    Content content = generator.generate(request(trend, ALL, "Sponsored by Green Thumb Seeds", List.of()));
    assertThat(content.idea()).contains("r/gardening");
    assertThat(content.title()).isNotBlank().hasSizeLessThanOrEqualTo(70);
    assertThat(content.description()).contains("Sponsored by Green Thumb Seeds");
    assertThat(content.copy()).containsOnlyKeys("x", "reddit", "tiktok", "instagram");
    assertThat(content.hashtags()).contains("gardening").hasSizeBetween(2, 5);
    assertThat(content.artPrompt()).contains("r/gardening");
    assertThat(content.usage()).isEqualTo(Usage.none("template"));
    assertThat(content.copyFor("reddit")).contains("Sponsored by Green Thumb Seeds").contains("#gardening");
  }

  @Test
  void art_is_a_real_png_of_the_configured_size() throws IOException {
    Content content = generator.generate(request(trend("cats"), ALL, null, List.of()));
    assertThat(content.art().mediaType()).isEqualTo("image/png");
    assertThat(content.art().name()).matches("art-[0-9a-f]{8}\\.png");
    assertThat(content.art().url()).isNull();
    byte[] bytes = content.art().bytes();
    assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image.getWidth()).isEqualTo(128);
    assertThat(image.getHeight()).isEqualTo(128);
    assertThat(image.getRGB(2, 2)).isNotEqualTo(image.getRGB(125, 125)); // a gradient, not a flat fill
  }

  @Test
  void without_art_requested_makes_none() {
    Content content = generator.generate(new ContentRequest(trend("cats"), ALL, null, List.of(), false, "k", Map.of()));
    assertThat(content.art()).isNull();
  }

  @Test
  void copy_for_every_sample_trend_complies_with_each_platform_after_the_link_is_added() {
    Set<String> communities = sample.communities();
    int checked = 0;
    for (String community : communities) {
      for (Trend trend : sample.fetch(new TrendQuery(List.of(community), 100, Duration.ofDays(30), true))) {
        for (String message : new String[] {null, LONG_MESSAGE}) {
          Content content = generator.generate(request(trend, ALL, message, List.of()));
          for (PlatformRules rules : ALL) {
            String body = withLink(content.copyFor(rules.platform()), rules);
            ComplianceResult result = checker.check(content.title(), body, rules, List.of(URI.create(LINK)));
            assertThat(result.violations()).as(trend.title() + " on " + rules.platform() + ":\n" + body).isEmpty();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(400);
  }

  @Test
  void includes_the_disclosure_and_keeps_hashtags_within_the_limit() {
    PlatformRules tight = new PlatformRules("x", 280, true, 0, 2, 2, true, Set.of());
    Content content = generator.generate(request(trend("java"), List.of(tight), null, List.of()));
    String copy = content.copyFor("x");
    assertThat(copy).contains("#ad");
    assertThat(ComplianceChecker.hashtags(copy)).hasSizeLessThanOrEqualTo(2);
    PlatformRules noTags = new PlatformRules("blog", 500, false, 0, 0, 1, true, Set.of());
    String plain = generator.generate(request(trend("java"), List.of(noTags), null, List.of())).copyFor("blog");
    assertThat(ComplianceChecker.hashtags(plain)).isEmpty();
    assertThat(checker.hasDisclosure(plain)).isTrue();
  }

  @Test
  void fits_a_very_small_limit_with_room_left_for_the_link() {
    PlatformRules tiny = new PlatformRules("x", 60, true, 0, 3, 1, true, Set.of());
    for (String community : sample.communities()) {
      Content content = generator.generate(request(trend(community), List.of(tiny), LONG_MESSAGE, List.of()));
      String body = withLink(content.copyFor("x"), tiny);
      assertThat(checker.check("", body, tiny, List.of(URI.create(LINK))).violations()).as(body).isEmpty();
    }
  }

  @Test
  void never_writes_a_blocked_term_even_from_the_trend_or_the_message() {
    PlatformRules rules = PlatformRules.forPlatform("reddit").withBlockedTerms(Set.of("corgis", "free gift"));
    Content content = generator.generate(request(trend("aww"), List.of(rules), "Order now for a FREE gift", List.of()));
    assertThat(checker.check(content.title(), content.copyFor("reddit"), rules).isCompliant()).isTrue();
    assertThat((content.title() + content.description() + content.artPrompt()).toLowerCase())
        .doesNotContain("corgis").doesNotContain("free gift");
  }

  @Test
  void feedback_that_it_is_too_long_makes_it_shorter() {
    Trend trend = trend("programming");
    PlatformRules x = PlatformRules.forPlatform("x");
    Content first = generator.generate(request(trend, List.of(x), LONG_MESSAGE, List.of()));
    Content second = generator.generate(request(trend, List.of(x), LONG_MESSAGE,
        List.of("x body is too long: 300 of at most 280 characters; shorten it by at least 20 characters")));
    assertThat(ComplianceChecker.weightedLength(second.copyFor("x")))
        .isLessThanOrEqualTo(ComplianceChecker.weightedLength(first.copyFor("x")) - 20);
  }

  @Test
  void feedback_naming_a_blocked_term_removes_it() {
    Trend trend = trend("cats");
    String before = generator.generate(request(trend, ALL, null, List.of())).copyFor("reddit");
    assertThat(before.toLowerCase()).contains("window");
    String after = generator.generate(request(trend, ALL, null,
        List.of("reddit does not allow the blocked term 'window'; remove the blocked term 'window'"))).copyFor("reddit");
    assertThat(after.toLowerCase()).doesNotContain("window");
  }

  @Test
  void feedback_about_hashtags_and_titles_is_followed() {
    Trend trend = trend("fitness");
    Content first = generator.generate(request(trend, ALL, null, List.of()));
    Content second = generator.generate(request(trend, ALL, null, List.of(
        "tiktok allows at most 10 hashtags but the post has too many hashtags: 12; remove at least 2",
        "reddit title is too long: 80 of at most 60 characters; shorten the title by at least 20 characters")));
    assertThat(ComplianceChecker.hashtags(second.copyFor("tiktok")).size())
        .isLessThan(ComplianceChecker.hashtags(first.copyFor("tiktok")).size());
    assertThat(second.title().length()).isLessThan(first.title().length());
  }

  @Test
  void regeneration_with_the_checkers_reasons_converges_on_tight_rules() {
    // Rules far tighter than any real platform, and a long sponsor message: the pipeline's loop.
    PlatformRules tight = new PlatformRules("x", 120, true, 0, 2, 1, true, Set.of("bakery"));
    for (String community : sample.communities()) {
      Trend trend = trend(community);
      List<String> feedback = new ArrayList<>();
      ComplianceResult result = null;
      for (int round = 0; round < 3; round++) {
        Content content = generator.generate(request(trend, List.of(tight), LONG_MESSAGE, feedback));
        result = checker.check("", withLink(content.copyFor("x"), tight), tight, List.of(URI.create(LINK)));
        if (result.isCompliant()) {
          break;
        }
        feedback = result.reasons();
      }
      assertThat(result.violations()).as(community).isEmpty();
    }
  }
}
