package ai.clouvel.sdk.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.InvalidContentException;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComplianceCheckerTest {
  private final ComplianceChecker checker = ComplianceChecker.standard();
  private final PlatformRules x = PlatformRules.forPlatform("x");
  private final PlatformRules reddit = PlatformRules.forPlatform("reddit");
  private final PlatformRules instagram = PlatformRules.forPlatform("instagram");

  @Test
  void accepts_a_post_that_breaks_no_rule() {
    ComplianceResult result = checker.check("", "Sunny day in the garden #gardening", x);
    assertThat(result.isCompliant()).isTrue();
    assertThat(result.violations()).isEmpty();
    assertThat(result.length()).isEqualTo(34);
    assertThat(result.summary()).isEqualTo("compliant with x");
  }

  @Test
  void x_accepts_exactly_280_ascii_characters_and_rejects_281() {
    assertThat(checker.check("", "a".repeat(280), x).isCompliant()).isTrue();
    ComplianceResult result = checker.check("", "a".repeat(281), x);
    assertThat(result.codes()).containsExactly(ViolationCode.BODY_TOO_LONG);
    assertThat(result.reasons().get(0))
        .contains("too long", "281 of at most 280", "shorten it by at least 1 characters");
  }

  @Test
  void cjk_characters_weigh_two_on_x() {
    assertThat(ComplianceChecker.weightedLength("日本語")).isEqualTo(6);
    assertThat(checker.check("", "猫".repeat(140), x).isCompliant()).isTrue();
    ComplianceResult result = checker.check("", "猫".repeat(141), x);
    assertThat(result.length()).isEqualTo(282);
    assertThat(result.has(ViolationCode.BODY_TOO_LONG)).isTrue();
  }

  @Test
  void weight_ranges_follow_twitter_text_boundaries() {
    assertThat(ComplianceChecker.weightedLength("\u10FF")).isEqualTo(1); // 4351
    assertThat(ComplianceChecker.weightedLength("\u1100")).isEqualTo(2); // 4352, Hangul Jamo
    assertThat(ComplianceChecker.weightedLength("\u1FFF")).isEqualTo(2); // 8191
    assertThat(ComplianceChecker.weightedLength("\u2000")).isEqualTo(1); // 8192
    assertThat(ComplianceChecker.weightedLength("\u200D")).isEqualTo(1); // 8205
    assertThat(ComplianceChecker.weightedLength("\u200E")).isEqualTo(2); // 8206
    assertThat(ComplianceChecker.weightedLength("\u2010")).isEqualTo(1); // 8208
    assertThat(ComplianceChecker.weightedLength("\u201F")).isEqualTo(1); // 8223
    assertThat(ComplianceChecker.weightedLength("\u2020")).isEqualTo(2); // 8224
    assertThat(ComplianceChecker.weightedLength("\u2032")).isEqualTo(1); // 8242
    assertThat(ComplianceChecker.weightedLength("\u2037")).isEqualTo(1); // 8247
    assertThat(ComplianceChecker.weightedLength("\u2038")).isEqualTo(2); // 8248
    // Ω, em dash and curly quotes weigh 1; the ellipsis U+2026 (8230) is outside the ranges and weighs 2.
    assertThat(ComplianceChecker.weightedLength("Ω—“quoted”…")).isEqualTo(12);
  }

  @Test
  void emoji_count_two_however_many_code_points_they_use() {
    assertThat(ComplianceChecker.weightedLength("👍")).isEqualTo(2);
    assertThat(ComplianceChecker.weightedLength("👍🏽")).isEqualTo(2); // skin tone modifier
    assertThat(ComplianceChecker.weightedLength("👨‍👩‍👧")).isEqualTo(2); // ZWJ family
    assertThat(ComplianceChecker.weightedLength("🇯🇵")).isEqualTo(2); // flag: two regional indicators
    assertThat(ComplianceChecker.weightedLength("❤️")).isEqualTo(2); // heart + variation selector
    assertThat(ComplianceChecker.weightedLength("1️⃣")).isEqualTo(2); // keycap
    assertThat(ComplianceChecker.weightedLength("hi 👋🏻!")).isEqualTo(6);
    assertThat(ComplianceChecker.weightedLength("1")).isEqualTo(1);
  }

  @Test
  void text_is_normalised_to_nfc_before_counting() {
    String decomposed = "e\u0301"; // e + combining acute accent = é
    assertThat(ComplianceChecker.weightedLength(decomposed)).isEqualTo(1);
    assertThat(ComplianceChecker.length(decomposed, reddit)).isEqualTo(1);
  }

  @Test
  void every_link_weighs_23_on_x_whatever_its_length() {
    String longUrl = "https://www.zazzle.com/api/create/at-238000000000000000?rf=238000000000000000&pd=256000&t_title_txt=Cats";
    assertThat(ComplianceChecker.weightedLength("Look " + longUrl)).isEqualTo(5 + 23);
    assertThat(ComplianceChecker.weightedLength("see example.com now")).isEqualTo(4 + 23 + 4);
    assertThat(ComplianceChecker.weightedLength("http://a.co")).isEqualTo(23);
    // Trailing punctuation is not part of the link.
    assertThat(ComplianceChecker.weightedLength("(https://example.com/x).")).isEqualTo(1 + 23 + 2);
    // A post that would be too long by raw length fits because the link counts 23.
    String body = "a".repeat(250) + " " + longUrl + " #ad";
    assertThat(checker.check("", body, x).isCompliant()).isTrue();
    // On a platform without weighting, the link counts its real length.
    assertThat(ComplianceChecker.length("Look " + longUrl, reddit)).isEqualTo(5 + longUrl.length());
  }

  @Test
  void finds_links_with_scheme_www_and_bare_domains_but_not_emails() {
    assertThat(ComplianceChecker.links("a https://x.com/a?b=c, www.example.org and shop.example.com/p. mail me@example.com"))
        .containsExactly("https://x.com/a?b=c", "www.example.org", "shop.example.com/p");
    assertThat(ComplianceChecker.links("see https://en.wikipedia.org/wiki/Cat_(disambiguation)."))
        .containsExactly("https://en.wikipedia.org/wiki/Cat_(disambiguation)");
  }

  @Test
  void reddit_title_longer_than_300_is_rejected_and_x_ignores_titles() {
    String title = "t".repeat(301);
    ComplianceResult result = checker.check(title, "body", reddit);
    assertThat(result.codes()).containsExactly(ViolationCode.TITLE_TOO_LONG);
    assertThat(result.violations().get(0).field()).isEqualTo("title");
    assertThat(result.reasons().get(0)).contains("301 of at most 300", "shorten the title by at least 1");
    assertThat(checker.check("t".repeat(300), "body", reddit).isCompliant()).isTrue();
    assertThat(checker.check(title, "body", x).isCompliant()).isTrue();
  }

  @Test
  void counts_hashtags_but_not_numbers_fragments_or_words_with_hash_inside() {
    assertThat(ComplianceChecker.hashtags("#one #two_2 #日本 #1 C# a#b https://x.com/#frag &#39;"))
        .containsExactly("one", "two_2", "日本");
    ComplianceResult six = checker.check("", "#a #b #c #d #e #f", x);
    assertThat(six.codes()).containsExactly(ViolationCode.TOO_MANY_HASHTAGS);
    assertThat(six.reasons().get(0)).contains("at most 5", "too many hashtags: 6", "remove at least 1");
    assertThat(checker.check("", "#a #b #c #d #e", x).isCompliant()).isTrue();
  }

  @Test
  void rejects_any_link_where_links_are_not_allowed() {
    ComplianceResult result = checker.check("", "Nice print, buy it at example.com/shop", instagram);
    assertThat(result.codes()).containsExactly(ViolationCode.LINKS_NOT_ALLOWED);
    assertThat(result.reasons().get(0)).contains("links are not allowed on instagram", "example.com/shop");
  }

  @Test
  void rejects_more_links_than_allowed() {
    ComplianceResult result = checker.check("", "https://a.com https://b.com https://c.com", x);
    assertThat(result.codes()).containsExactly(ViolationCode.TOO_MANY_LINKS);
    assertThat(result.reasons().get(0)).contains("at most 2", "too many links: 3");
  }

  @Test
  void an_affiliate_link_needs_a_disclosure_where_the_platform_requires_one() {
    String link = "https://www.zazzle.com/api/create/at-238?rf=238&pd=256&ed=true";
    ComplianceResult missing = checker.check("", "Grab this cat mug " + link, x);
    assertThat(missing.codes()).containsExactly(ViolationCode.MISSING_AFFILIATE_DISCLOSURE);
    assertThat(missing.reasons().get(0)).contains("affiliate disclosure", "#ad");
    for (String disclosure : List.of("#ad", "#AD", "#Affiliate", "#sponsored", "Affiliate link:", "paid   partnership")) {
      assertThat(checker.check("", "Grab this cat mug " + link + " " + disclosure, x).isCompliant())
          .as(disclosure).isTrue();
    }
    // '#adventure' is a different hashtag, and 'bad' does not contain the word 'ad'.
    assertThat(checker.check("", "Mug " + link + " #adventure bad", x).has(ViolationCode.MISSING_AFFILIATE_DISCLOSURE))
        .isTrue();
    // Rules that do not require a disclosure accept it.
    assertThat(checker.check("", "Mug " + link, PlatformRules.lenient("blog", 500)).isCompliant()).isTrue();
  }

  @Test
  void utm_tagged_and_caller_named_links_count_as_tracking_links() {
    assertThat(checker.check("", "Read https://shop.example.com/p/1?utm_source=x now", x)
        .has(ViolationCode.MISSING_AFFILIATE_DISCLOSURE)).isTrue();
    String plain = "https://shop.example.com/p/1";
    assertThat(checker.check("", "Read " + plain, x).isCompliant()).isTrue();
    Post post = new Post("x", null, "", "Read " + plain, null, "k1");
    assertThat(checker.check(post, x, List.of(URI.create(plain))).codes())
        .containsExactly(ViolationCode.MISSING_AFFILIATE_DISCLOSURE);
    // The caller's link matches with or without scheme and www.
    assertThat(checker.check("", "Read www.shop.example.com/p/1", x, List.of(URI.create(plain))).codes())
        .containsExactly(ViolationCode.MISSING_AFFILIATE_DISCLOSURE);
    assertThat(checker.check("", "Read https://example.com", x, List.of(URI.create(plain))).isCompliant()).isTrue();
    ComplianceChecker custom = ComplianceChecker.builder().addAffiliateHost("example.com").addDisclosure("anzeige").build();
    assertThat(custom.check("", "Read " + plain, x).has(ViolationCode.MISSING_AFFILIATE_DISCLOSURE)).isTrue();
    assertThat(custom.check("", "Read " + plain + " Anzeige", x).isCompliant()).isTrue();
  }

  @Test
  void blocked_terms_match_whole_words_and_phrases_ignoring_case() {
    PlatformRules rules = x.withBlockedTerms(Set.of("crypto", "free money"));
    ComplianceResult result = checker.check("", "Get FREE   Money with Crypto!", rules);
    assertThat(result.codes()).containsExactly(ViolationCode.BLOCKED_TERM, ViolationCode.BLOCKED_TERM);
    assertThat(result.reasons()).anySatisfy(r -> assertThat(r).contains("remove the blocked term 'crypto'"))
        .anySatisfy(r -> assertThat(r).contains("remove the blocked term 'free money'"));
    assertThat(checker.check("", "cryptocurrency and freemoney are fine", rules).isCompliant()).isTrue();
  }

  @Test
  void blocked_term_in_a_reddit_title_names_the_title() {
    PlatformRules rules = reddit.withBlockedTerms(Set.of("spoiler"));
    ComplianceResult result = checker.check("Huge SPOILER inside", "body", rules);
    assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("title"));
  }

  @Test
  void reports_every_violation_at_once_and_throws_with_all_of_them() {
    PlatformRules rules = x.withBlockedTerms(Set.of("guaranteed"));
    String body = "Guaranteed " + "z".repeat(300)
        + " https://a.com?tag=me-20 https://b.com https://c.com #a #b #c #d #e #f";
    ComplianceResult result = checker.check("", body, rules);
    assertThat(result.codes()).containsExactly(ViolationCode.BODY_TOO_LONG, ViolationCode.TOO_MANY_HASHTAGS,
        ViolationCode.TOO_MANY_LINKS, ViolationCode.MISSING_AFFILIATE_DISCLOSURE, ViolationCode.BLOCKED_TERM);
    assertThatThrownBy(() -> result.throwIfInvalid("outbox"))
        .isInstanceOf(InvalidContentException.class)
        .hasMessageContaining("[outbox]")
        .hasMessageContaining("5 x rules")
        .hasMessageContaining("BODY_TOO_LONG")
        .hasMessageContaining("BLOCKED_TERM");
  }
}
