package ai.clouvel.sdk.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.model.PlatformRules;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The checker finds links, hashtags, disclosures and blocked terms without running its patterns
 * over every character; these tests hold it to the plain pattern scans it replaces, on many random
 * texts built from the characters that matter (link stops, punctuation, line terminators, case
 * folds, surrogate pairs).
 */
class ComplianceScanTest {
  private static final String TLDS = "com|net|org|io|co|ai|dev|app|me|ly|to|gl|gg|us|uk|de|fr|es|it|nl|ca|au|jp"
      + "|shop|store|info|biz|tv|xyz|link|page|site|blog|news";
  private static final Pattern URL = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}_@.-])(?:https?://[^\\s<>\"]+|www\\.[^\\s<>\"]+"
          + "|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:" + TLDS + ")(?![\\p{L}\\p{N}_-])(?:[/?#][^\\s<>\"]*)?)");
  private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://", Pattern.CASE_INSENSITIVE);
  private static final Pattern WWW = Pattern.compile("^www\\.", Pattern.CASE_INSENSITIVE);
  private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,!?;:'\")\\]}>]+$");
  private static final Pattern HASHTAG =
      Pattern.compile("(?<![\\p{L}\\p{N}_&#/])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");

  private static final String[] TOKENS = {
      "https://", "http://", "HTTP://", "ftp://", "www.", "WWW.", "example", ".com", ".io", ".Shop", "shop", "/", "//",
      "?", "#", "&", "=", "utm_source", "tag", "(", ")", ".", ",", "!", ";", ":", ":8080", "'", "]", "}", ">", "<",
      " ", "  ", "\n", "\t", "\r\n", "\u000B", "\f", "\"", "@", "-", "_", "日本", "é", "e\u0301", "a", "Z", "1", "42",
      "#ad", "#Ad", "#AD", "#adx", "#sponsored", "affiliate", " link", "Affiliate  Link", "paid", " partnership",
      "\u2028", "\u2029", "\u0085", "ſ", "\u212A", "İ", "x.com", "bit.ly", "amzn.to/x", "&#39;", "C#", "a#b", "#1",
      "#tag_2", "🙂", "\uD835\uDC00", "free money", "FREE", " money", "casino", "Casino!", "ſale", "sale",
      "zazzle.com/at-1", "?a=1&ref=2", "#frag", "\u00A0", "\u3000"};

  private final ComplianceChecker checker = ComplianceChecker.standard();

  @Test
  void links_hashtags_disclosures_and_blocked_terms_match_the_plain_pattern_scans() {
    Random random = new Random(20240611);
    PlatformRules rules = new PlatformRules("test", 100_000, false, 300, 100, 100, true,
        Set.of("free money", "casino", "ſale", "日本", "#ad"));
    for (int n = 0; n < 10_000; n++) {
      String text = randomText(random);
      assertThat(ComplianceChecker.links(text)).as("links in %s", show(text)).isEqualTo(links(text));
      assertThat(ComplianceChecker.hashtags(text)).as("hashtags in %s", show(text)).isEqualTo(hashtags(text));
      assertThat(checker.hasDisclosure(text)).as("disclosure in %s", show(text)).isEqualTo(hasDisclosure(text));
      assertThat(ComplianceChecker.normal(text)).as("normal form of %s", show(text)).isEqualTo(normal(text));
      assertThat(checker.looksLikeAffiliateLink(text)).as("affiliate %s", show(text))
          .isEqualTo(looksLikeAffiliateLink(text));
      for (String link : links(text)) {
        assertThat(ComplianceChecker.normal(link)).isEqualTo(normal(link));
      }
      String title = randomText(random);
      List<String> blocked = checker.check(title, text, rules).violations().stream()
          .filter(v -> v.code() == ViolationCode.BLOCKED_TERM).map(v -> v.field() + ":" + v.reason()).toList();
      assertThat(blocked).as("blocked terms in %s / %s", show(title), show(text))
          .isEqualTo(blockedTerms(title, text, rules));
    }
  }

  @Test
  void a_caller_named_tracking_link_is_found_written_with_or_without_scheme_and_www() {
    PlatformRules rules = PlatformRules.forPlatform("reddit");
    List<URI> known = List.of(URI.create("https://www.shop.example.com/p/1/"));
    assertThat(checker.check("", "see shop.example.com/p/1?x=1", rules, known).has(
        ViolationCode.MISSING_AFFILIATE_DISCLOSURE)).isTrue();
    assertThat(checker.check("", "see HTTP://WWW.shop.example.com/p/1// now", rules, known).has(
        ViolationCode.MISSING_AFFILIATE_DISCLOSURE)).isTrue();
    assertThat(checker.check("", "see shop.example.com/p/2", rules, known).has(
        ViolationCode.MISSING_AFFILIATE_DISCLOSURE)).isFalse();
    assertThat(checker.check("", "see shop.example.com/p/1 #ad", rules, known).isCompliant()).isTrue();
  }

  private static String randomText(Random random) {
    StringBuilder sb = new StringBuilder();
    int tokens = random.nextInt(12);
    for (int k = 0; k < tokens; k++) {
      sb.append(TOKENS[random.nextInt(TOKENS.length)]);
    }
    return sb.toString();
  }

  private static String show(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.chars().forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return sb.append('"').toString();
  }

  // The plain pattern scans.

  private static List<String> links(String text) {
    List<String> links = new ArrayList<>();
    Matcher m = URL.matcher(text);
    while (m.find()) {
      String url = text.substring(m.start(), m.end());
      Matcher trailing = TRAILING_PUNCTUATION.matcher(url);
      if (trailing.find()) {
        String stripped = url.substring(0, trailing.start());
        String tail = url.substring(trailing.start());
        if (tail.startsWith(")") && stripped.indexOf('(') >= 0
            && stripped.chars().filter(c -> c == '(').count() > stripped.chars().filter(c -> c == ')').count()) {
          stripped = stripped + ")";
        }
        url = stripped;
      }
      links.add(url);
    }
    return links;
  }

  private static List<String> hashtags(String text) {
    String withoutLinks = URL.matcher(text).replaceAll(" ");
    List<String> tags = new ArrayList<>();
    Matcher m = HASHTAG.matcher(withoutLinks);
    while (m.find()) {
      tags.add(m.group(1));
    }
    return tags;
  }

  private static String normal(String link) {
    String rest = WWW.matcher(SCHEME.matcher(link).replaceFirst("")).replaceFirst("");
    return TRAILING_SLASHES.matcher(rest).replaceAll("");
  }

  private static boolean looksLikeAffiliateLink(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    String rest = SCHEME.matcher(u).replaceFirst("");
    int slash = rest.indexOf('/');
    int question = rest.indexOf('?');
    int end = slash < 0 ? (question < 0 ? rest.length() : question) : (question < 0 ? slash : Math.min(slash, question));
    String host = WWW.matcher(rest.substring(0, end)).replaceFirst("");
    for (String h : List.of("amzn.to", "go.redirectingat.com", "click.linksynergy.com", "shareasale.com", "prf.hn",
        "awin1.com", "tidd.ly", "shopstyle.it", "rstyle.me", "bit.ly")) {
      if (host.equals(h) || host.endsWith("." + h)) {
        return true;
      }
    }
    if (question >= 0) {
      String query = rest.substring(question + 1);
      int hash = query.indexOf('#');
      if (hash >= 0) {
        query = query.substring(0, hash);
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        if (Set.of("rf", "tag", "tc", "ref", "aff", "aff_id", "affid", "affiliate", "affiliate_id", "associate",
            "ascsubtag", "irclickid", "clickid", "campaign_id", "utm_source", "utm_medium", "utm_campaign",
            "utm_content", "utm_term").contains(name)) {
          return true;
        }
      }
    }
    return u.contains("/at-") && host.endsWith("zazzle.com");
  }

  private boolean hasDisclosure(String text) {
    for (String d : checker.disclosures()) {
      if (termPattern(d).matcher(text).find()) {
        return true;
      }
    }
    return false;
  }

  private static List<String> blockedTerms(String title, String body, PlatformRules rules) {
    String all = title + "\n" + body;
    List<String> out = new ArrayList<>();
    for (String term : new TreeSet<>(rules.blockedTerms())) {
      Matcher m = termPattern(term).matcher(all);
      if (m.find()) {
        out.add((m.start() < title.length() ? "title" : "body") + ":test does not allow the blocked term '"
            + term.strip() + "'; remove the blocked term '" + term.strip() + "'");
      }
    }
    return out;
  }

  private static Pattern termPattern(String term) {
    String[] words = term.strip().split("\\s+");
    StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}_");
    regex.append(words[0].startsWith("#") ? "#" : "").append("])");
    for (int k = 0; k < words.length; k++) {
      if (k > 0) {
        regex.append("\\s+");
      }
      regex.append(Pattern.quote(words[k]));
    }
    regex.append("(?![\\p{L}\\p{N}_])");
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
