package ai.clouvel.sdk.compliance;

import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Post;
import java.net.URI;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a post's title and body against a platform's {@link PlatformRules} and reports every
 * violation, not only the first:
 *
 * <ul>
 *   <li><b>length</b>: the body's length, counted in Unicode code points after NFC normalisation;
 *       where {@link PlatformRules#weightedLength()} is set it is counted the way X counts
 *       (twitter-text configuration v3): every link counts {@value #URL_WEIGHT}, code points in
 *       U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 count 1, every other code
 *       point (CJK, most symbols) counts 2, and one emoji, however many code points it is built from
 *       (skin tones, ZWJ sequences, flags, keycaps), counts 2;
 *   <li><b>title</b>: at most {@link PlatformRules#maxTitleLength()} code points; platforms without
 *       titles ({@code maxTitleLength == 0}) ignore the title, which their publishers drop;
 *   <li><b>hashtags</b>: at most {@link PlatformRules#maxHashtags()}, in title and body;
 *   <li><b>links</b>: at most {@link PlatformRules#maxLinks()}; none at all when it is {@code 0};
 *   <li><b>affiliate disclosure</b>: where the platform requires it, a post carrying an affiliate
 *       or tracking link (one the caller names, or one whose query holds an affiliate or UTM
 *       parameter, or on a known affiliate link host) must say so: {@code #ad},
 *       {@code #affiliate}, {@code #sponsored}, "affiliate link" or "paid partnership", in any case;
 *   <li><b>blocked terms</b>: none of {@link PlatformRules#blockedTerms()}, matched as whole words
 *       or phrases, ignoring case.
 * </ul>
 *
 * <p>Reasons are written for a generator to act on ("shorten it by at least 21 characters",
 * "remove the blocked term 'free money'"). Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * ComplianceResult result = ComplianceChecker.standard()
 *     .check(post, PlatformRules.forPlatform("x"), List.of(listing.trackingUrl()));
 * if (!result.isCompliant()) {
 *   regenerate(result.reasons());
 * }
 * }</pre>
 */
public final class ComplianceChecker {
  /** What one link counts on a platform with weighted length (X's {@code transformedURLLength}). */
  public static final int URL_WEIGHT = 23;

  private static final List<String> DEFAULT_DISCLOSURES =
      List.of("#ad", "#affiliate", "#sponsored", "affiliate link", "paid partnership");
  private static final List<String> DEFAULT_AFFILIATE_PARAMETERS = List.of(
      "rf", "tag", "tc", "ref", "aff", "aff_id", "affid", "affiliate", "affiliate_id", "associate", "ascsubtag",
      "irclickid", "clickid", "campaign_id", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term");
  private static final List<String> DEFAULT_AFFILIATE_HOSTS = List.of(
      "amzn.to", "go.redirectingat.com", "click.linksynergy.com", "shareasale.com", "prf.hn", "awin1.com",
      "tidd.ly", "shopstyle.it", "rstyle.me", "bit.ly");

  private static final String TLDS = "com|net|org|io|co|ai|dev|app|me|ly|to|gl|gg|us|uk|de|fr|es|it|nl|ca|au|jp"
      + "|shop|store|info|biz|tv|xyz|link|page|site|blog|news";
  /** Links as X finds them: with a scheme, starting with www., or a bare domain with a common TLD. */
  private static final Pattern URL = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}_@.-])(?:https?://[^\\s<>\"]+|www\\.[^\\s<>\"]+"
          + "|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:" + TLDS + ")(?![\\p{L}\\p{N}_-])(?:[/?#][^\\s<>\"]*)?)");
  private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,!?;:'\")\\]}>]+$");
  /** A hashtag: '#' not preceded by a word character or '&', then letters, digits or '_' with at least one letter. */
  private static final Pattern HASHTAG =
      Pattern.compile("(?<![\\p{L}\\p{N}_&#/])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");

  private static final ComplianceChecker STANDARD =
      new ComplianceChecker(DEFAULT_DISCLOSURES, DEFAULT_AFFILIATE_PARAMETERS, DEFAULT_AFFILIATE_HOSTS);

  /** Blocked terms' patterns, compiled once per term; cleared when it grows past {@link #MAX_CACHED_TERMS}. */
  private static final ConcurrentHashMap<String, Term> TERMS = new ConcurrentHashMap<>();
  private static final int MAX_CACHED_TERMS = 4096;

  private final List<String> disclosures;
  private final List<Term> disclosureTerms;
  private final Set<String> affiliateParameters;
  private final Set<String> affiliateHosts;

  private ComplianceChecker(List<String> disclosures, List<String> parameters, List<String> hosts) {
    this.disclosures = List.copyOf(disclosures);
    this.disclosureTerms = this.disclosures.stream().map(Term::new).toList();
    this.affiliateParameters = lower(parameters);
    this.affiliateHosts = lower(hosts);
  }

  /**
   * A disclosure or blocked term: its pattern, and for an ASCII term the lower-case first word that
   * any match in ASCII text contains, so text without it is passed over without running the pattern.
   */
  private static final class Term {
    final Pattern pattern;
    final @org.jspecify.annotations.Nullable String asciiFirstWord;

    Term(String term) {
      this.pattern = termPattern(term);
      String first = term.strip().split("\\s+")[0];
      this.asciiFirstWord = isAscii(term) ? first.toLowerCase(Locale.ROOT) : null;
    }

    /**
     * Where the term first occurs in {@code text}, or -1; {@code asciiLower} is the text in lower
     * case when it is ASCII, else {@code null}.
     */
    int find(String text, @org.jspecify.annotations.Nullable String asciiLower) {
      if (asciiLower == null || asciiFirstWord == null) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.start() : -1;
      }
      // In ASCII text a match of an ASCII term starts where its first word does, ignoring case:
      // try the pattern there alone, in order, letting its look-arounds see the text around.
      int at = asciiLower.indexOf(asciiFirstWord);
      if (at < 0) {
        return -1;
      }
      Matcher m = pattern.matcher(text).useTransparentBounds(true);
      while (at >= 0) {
        m.region(at, text.length());
        if (m.lookingAt()) {
          return at;
        }
        at = asciiLower.indexOf(asciiFirstWord, at + 1);
      }
      return -1;
    }
  }

  private static Term term(String term) {
    Term t = TERMS.get(term);
    if (t == null) {
      if (TERMS.size() >= MAX_CACHED_TERMS) {
        TERMS.clear();
      }
      t = TERMS.computeIfAbsent(term, Term::new);
    }
    return t;
  }

  /** The checker with the default disclosures, affiliate parameters and affiliate hosts. */
  public static ComplianceChecker standard() {
    return STANDARD;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Checks a post; it carries an affiliate link only if one of its links looks like one. */
  public ComplianceResult check(Post post, PlatformRules rules) {
    return check(post.title(), post.body(), rules, List.of());
  }

  /**
   * Checks a post whose affiliate or tracking links are known (e.g. the listing's tracking URL).
   *
   * @param trackingLinks links that count as affiliate links wherever they appear
   */
  public ComplianceResult check(Post post, PlatformRules rules, Collection<URI> trackingLinks) {
    return check(post.title(), post.body(), rules, trackingLinks);
  }

  /** Checks a title and body, for copy not yet wrapped in a {@link Post}. */
  public ComplianceResult check(String title, String body, PlatformRules rules) {
    return check(title, body, rules, List.of());
  }

  /**
   * Checks a title and body.
   *
   * @param title the title; ignored where the platform has no titles; may be empty
   * @param body the body
   * @param rules the platform's rules
   * @param trackingLinks links that count as affiliate links wherever they appear
   */
  public ComplianceResult check(String title, String body, PlatformRules rules, Collection<URI> trackingLinks) {
    String t = title == null ? "" : title;
    String b = body == null ? "" : body;
    String platform = rules.platform();
    boolean titled = rules.maxTitleLength() > 0;
    String all = titled ? t + "\n" + b : b;
    List<Violation> violations = new ArrayList<>();

    int length = length(b, rules);
    if (length > rules.maxLength()) {
      violations.add(new Violation(ViolationCode.BODY_TOO_LONG, "body", platform + " body is too long: "
          + length + " of at most " + rules.maxLength() + " characters"
          + (rules.weightedLength() ? " (each link counts " + URL_WEIGHT + ", wide characters and emoji count 2)" : "")
          + "; shorten it by at least " + (length - rules.maxLength()) + " characters"));
    }
    if (titled) {
      int titleLength = codePoints(t);
      if (titleLength > rules.maxTitleLength()) {
        violations.add(new Violation(ViolationCode.TITLE_TOO_LONG, "title", platform + " title is too long: "
            + titleLength + " of at most " + rules.maxTitleLength() + " characters; shorten the title by at least "
            + (titleLength - rules.maxTitleLength()) + " characters"));
      }
    }
    int[] spans = urlSpans(all);
    String asciiLower = isAscii(all) ? all.toLowerCase(Locale.ROOT) : null;
    List<String> tags = hashtags(all, spans);
    if (tags.size() > rules.maxHashtags()) {
      violations.add(new Violation(ViolationCode.TOO_MANY_HASHTAGS, "body", platform + " allows at most "
          + rules.maxHashtags() + " hashtags but the post has too many hashtags: " + tags.size()
          + "; remove at least " + (tags.size() - rules.maxHashtags())));
    }
    List<String> links = links(all, spans);
    if (rules.maxLinks() == 0 && !links.isEmpty()) {
      violations.add(new Violation(ViolationCode.LINKS_NOT_ALLOWED, "body", "links are not allowed on "
          + platform + "; remove " + String.join(", ", links)));
    } else if (links.size() > rules.maxLinks()) {
      violations.add(new Violation(ViolationCode.TOO_MANY_LINKS, "body", platform + " allows at most "
          + rules.maxLinks() + " links but the post has too many links: " + links.size()
          + "; remove at least " + (links.size() - rules.maxLinks())));
    }
    if (rules.requiresAffiliateDisclosure()) {
      String affiliate = firstAffiliateLink(links, trackingLinks);
      if (affiliate != null && !hasDisclosure(all, asciiLower)) {
        violations.add(new Violation(ViolationCode.MISSING_AFFILIATE_DISCLOSURE, "body", platform
            + " requires an affiliate disclosure for the affiliate link " + affiliate + "; add an affiliate disclosure"
            + " such as " + String.join(", ", disclosures)));
      }
    }
    for (String term : rules.blockedTerms().isEmpty() ? Set.<String>of() : new java.util.TreeSet<>(rules.blockedTerms())) {
      if (term.isBlank()) {
        continue;
      }
      int at = term(term).find(all, asciiLower);
      if (at >= 0) {
        violations.add(new Violation(ViolationCode.BLOCKED_TERM, titled && at < t.length() ? "title" : "body",
            platform + " does not allow the blocked term '" + term.strip() + "'; remove the blocked term '"
                + term.strip() + "'"));
      }
    }
    return new ComplianceResult(platform, length, violations);
  }

  /** Whether {@code text} holds one of this checker's affiliate disclosures. */
  public boolean hasDisclosure(String text) {
    return hasDisclosure(text, isAscii(text) ? text.toLowerCase(Locale.ROOT) : null);
  }

  private boolean hasDisclosure(String text, @org.jspecify.annotations.Nullable String asciiLower) {
    for (Term t : disclosureTerms) {
      if (t.find(text, asciiLower) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The disclosures this checker accepts, e.g. {@code #ad}. */
  public List<String> disclosures() {
    return disclosures;
  }

  /** Whether {@code url} looks like an affiliate or tracking link (affiliate or UTM parameter, or affiliate host). */
  public boolean looksLikeAffiliateLink(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    String rest = u.substring(schemeEnd(u));
    int slash = rest.indexOf('/');
    int question = rest.indexOf('?');
    int end = slash < 0 ? (question < 0 ? rest.length() : question) : (question < 0 ? slash : Math.min(slash, question));
    String host = rest.substring(wwwEnd(rest, 0), end);
    for (String h : affiliateHosts) {
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
        if (affiliateParameters.contains(name)) {
          return true;
        }
      }
    }
    // Zazzle and similar affiliate programmes put the associate id in the path: /api/create/at-<id>.
    return u.contains("/at-") && host.endsWith("zazzle.com");
  }

  private @org.jspecify.annotations.Nullable String firstAffiliateLink(List<String> links, Collection<URI> known) {
    if (links.isEmpty()) {
      return null;
    }
    List<String> normalKnown = new ArrayList<>(known.size());
    for (URI k : known) {
      normalKnown.add(normal(k.toString()));
    }
    for (String link : links) {
      String normalLink = normal(link);
      for (String k : normalKnown) {
        // The same link, written with or without scheme or www., possibly with more parameters appended.
        if (!k.isEmpty() && normalLink.startsWith(k)) {
          return link;
        }
      }
      if (looksLikeAffiliateLink(link)) {
        return link;
      }
    }
    return null;
  }

  /** The link without its scheme, a leading {@code www.} and trailing slashes. */
  static String normal(String link) {
    int from = schemeEnd(link);
    from = wwwEnd(link, from);
    int last = link.length() - 1;
    if (last >= from && isLineTerminator(link.charAt(last))) {
      // '$' also matches before a final line terminator: leave that rare case to the pattern.
      return TRAILING_SLASHES.matcher(link.substring(from)).replaceAll("");
    }
    int end = link.length();
    while (end > from && link.charAt(end - 1) == '/') {
      end--;
    }
    return link.substring(from, end);
  }

  /**
   * Where the text after a leading {@code scheme://} (a letter, then letters, digits, {@code + . -})
   * starts; 0 without one.
   */
  static int schemeEnd(String s) {
    if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return 0;
    }
    int i = 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-') {
        i++;
      } else {
        break;
      }
    }
    return s.startsWith("://", i) ? i + 3 : 0;
  }

  /** Where the text after a {@code www.} (any case) at {@code from} starts; {@code from} without one. */
  static int wwwEnd(String s, int from) {
    if (s.length() - from >= 4 && (s.charAt(from) | 0x20) == 'w' && (s.charAt(from + 1) | 0x20) == 'w'
        && (s.charAt(from + 2) | 0x20) == 'w' && s.charAt(from + 3) == '.') {
      return from + 4;
    }
    return from;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The characters after which {@code $} also matches (without {@code MULTILINE} or {@code UNIX_LINES}). */
  private static boolean isLineTerminator(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * The body's length as the platform counts it: {@link #weightedLength} where
   * {@link PlatformRules#weightedLength()} is set, otherwise code points after NFC normalisation.
   */
  public static int length(String text, PlatformRules rules) {
    return rules.weightedLength() ? weightedLength(text) : codePoints(text);
  }

  /**
   * The length X counts (twitter-text configuration v3): after NFC normalisation every link counts
   * {@value #URL_WEIGHT}; an emoji (with its modifiers, variation selectors, ZWJ partners, or a
   * flag's two regional indicators) counts 2; a code point in U+0000–U+10FF, U+2000–U+200D,
   * U+2010–U+201F or U+2032–U+2037 counts 1; every other code point counts 2.
   */
  public static int weightedLength(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    int total = 0;
    int i = 0;
    Matcher urls = URL.matcher(s);
    int nextUrlStart = -1;
    int nextUrlEnd = -1;
    if (urls.find()) {
      nextUrlStart = urls.start();
      nextUrlEnd = urlEnd(s, urls);
    }
    while (i < s.length()) {
      if (i == nextUrlStart) {
        total += URL_WEIGHT;
        i = nextUrlEnd;
        nextUrlStart = -1;
        if (urls.find(i)) {
          nextUrlStart = urls.start();
          nextUrlEnd = urlEnd(s, urls);
        }
        continue;
      }
      int end = emojiEnd(s, i);
      if (end > i) {
        total += 2;
        i = end;
        continue;
      }
      int cp = s.codePointAt(i);
      total += weight(cp);
      i += Character.charCount(cp);
    }
    return total;
  }

  /** The links in {@code text}, in order, with trailing punctuation removed. */
  public static List<String> links(String text) {
    return links(text, urlSpans(text));
  }

  private static List<String> links(String text, int[] spans) {
    List<String> links = new ArrayList<>(spans[0]);
    for (int k = 0; k < spans[0]; k++) {
      int start = spans[1 + 2 * k];
      links.add(text.substring(start, urlEnd(text, start, spans[2 + 2 * k])));
    }
    return links;
  }

  /** The hashtags in {@code text}, without {@code #}, outside links, in order. */
  public static List<String> hashtags(String text) {
    return hashtags(text, urlSpans(text));
  }

  private static List<String> hashtags(String text, int[] spans) {
    String withoutLinks = text;
    if (spans[0] > 0) {
      // As URL.matcher(text).replaceAll(" "): every link becomes one space.
      StringBuilder sb = new StringBuilder(text.length());
      int at = 0;
      for (int k = 0; k < spans[0]; k++) {
        sb.append(text, at, spans[1 + 2 * k]).append(' ');
        at = spans[2 + 2 * k];
      }
      withoutLinks = sb.append(text, at, text.length()).toString();
    }
    List<String> tags = new ArrayList<>();
    int hash = withoutLinks.indexOf('#');
    if (hash < 0) {
      return tags;
    }
    // Every hashtag starts at a '#' and holds none after it: try the pattern at each '#' alone,
    // letting its look-behind see the text before (as a find over the whole text would).
    Matcher m = HASHTAG.matcher(withoutLinks).useTransparentBounds(true);
    while (hash >= 0) {
      m.region(hash, withoutLinks.length());
      if (m.lookingAt()) {
        tags.add(m.group(1));
        hash = withoutLinks.indexOf('#', m.end());
      } else {
        hash = withoutLinks.indexOf('#', hash + 1);
      }
    }
    return tags;
  }

  /**
   * Where {@link #URL} matches in {@code text}: {@code [count, start0, end0, start1, end1, ...]},
   * the same matches as {@code URL.matcher(text).find()} in a loop. No link holds whitespace,
   * {@code <}, {@code >} or {@code "}, and every link holds a {@code .} or a {@code :}: the pattern
   * runs only over the runs of other characters that hold one of them, seeing the text around.
   */
  private static int[] urlSpans(String text) {
    int[] spans = NO_SPANS;
    Matcher m = null;
    int len = text.length();
    int i = 0;
    while (i < len) {
      while (i < len && isLinkStop(text.charAt(i))) {
        i++;
      }
      int start = i;
      boolean candidate = false;
      while (i < len) {
        char c = text.charAt(i);
        if (isLinkStop(c)) {
          break;
        }
        candidate |= c == '.' || c == ':';
        i++;
      }
      if (candidate) {
        if (m == null) {
          m = URL.matcher(text).useTransparentBounds(true);
        }
        m.region(start, i);
        while (m.find()) {
          int n = spans[0];
          if (spans.length < 3 + 2 * n) {
            spans = java.util.Arrays.copyOf(spans, Math.max(5, spans.length * 2 + 1));
          }
          spans[1 + 2 * n] = m.start();
          spans[2 + 2 * n] = m.end();
          spans[0] = n + 1;
        }
      }
    }
    return spans;
  }

  private static final int[] NO_SPANS = {0};

  /** The characters no link holds: ASCII whitespace ({@code \s}), {@code <}, {@code >} and {@code "}. */
  private static boolean isLinkStop(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '<' || c == '>'
        || c == '"';
  }

  private static int codePoints(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    return s.codePointCount(0, s.length());
  }

  private static int urlEnd(String s, Matcher m) {
    return urlEnd(s, m.start(), m.end());
  }

  /** The end of the link matched at {@code start..end} once trailing punctuation is cut. */
  private static int urlEnd(String s, int start, int end) {
    int cut;
    if (isLineTerminator(s.charAt(end - 1))) {
      // '$' also matches before a final line terminator: leave that rare case to the pattern.
      Matcher trailing = TRAILING_PUNCTUATION.matcher(s.substring(start, end));
      cut = trailing.find() ? start + trailing.start() : -1;
    } else {
      int j = end;
      while (j > start && ".,!?;:'\")]}>".indexOf(s.charAt(j - 1)) >= 0) {
        j--;
      }
      cut = j < end ? j : -1;
    }
    if (cut < 0) {
      return end;
    }
    // Keep a closing parenthesis that closes one opened inside the link (Wikipedia-style links).
    if (s.charAt(cut) == ')' && count(s, start, cut, '(') > count(s, start, cut, ')')) {
      return cut + 1;
    }
    return cut;
  }

  private static int count(String s, int from, int to, char c) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static int weight(int cp) {
    if ((cp >= 0 && cp <= 4351) || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223)
        || (cp >= 8242 && cp <= 8247)) {
      return 1;
    }
    return 2;
  }

  /** The end of the emoji starting at {@code i}, or {@code i} when none starts there. */
  private static int emojiEnd(String s, int i) {
    int cp = s.codePointAt(i);
    int j = i + Character.charCount(cp);
    if (isRegionalIndicator(cp)) {
      if (j < s.length() && isRegionalIndicator(s.codePointAt(j))) {
        return j + Character.charCount(s.codePointAt(j));
      }
      return j;
    }
    boolean keycapBase = (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
    if (keycapBase) {
      int k = j;
      if (k < s.length() && s.codePointAt(k) == 0xFE0F) {
        k++;
      }
      return k < s.length() && s.codePointAt(k) == 0x20E3 ? k + 1 : i;
    }
    boolean pictographic = isPictographic(cp);
    boolean presented = j < s.length() && s.codePointAt(j) == 0xFE0F;
    if (!pictographic && !presented) {
      return i;
    }
    if (!pictographic && cp < 0x2000 && cp != 0x00A9 && cp != 0x00AE) {
      return i;
    }
    j = absorbModifiers(s, j);
    while (j < s.length() && s.codePointAt(j) == 0x200D) {
      int next = j + 1;
      if (next < s.length() && isPictographic(s.codePointAt(next))) {
        j = absorbModifiers(s, next + Character.charCount(s.codePointAt(next)));
      } else {
        break;
      }
    }
    return j;
  }

  private static int absorbModifiers(String s, int j) {
    while (j < s.length()) {
      int cp = s.codePointAt(j);
      if (cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3 || (cp >= 0x1F3FB && cp <= 0x1F3FF)
          || (cp >= 0xE0020 && cp <= 0xE007F)) {
        j += Character.charCount(cp);
      } else {
        break;
      }
    }
    return j;
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  private static boolean isPictographic(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2300 && cp <= 0x23FF)
        || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x25A0 && cp <= 0x25FF)
        || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139 || cp == 0x3030 || cp == 0x303D
        || cp == 0x3297 || cp == 0x3299;
  }

  private static Pattern termPattern(String term) {
    String[] words = term.strip().split("\\s+");
    StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}_");
    // A disclosure or term that starts with '#' must not be part of a longer hashtag or word.
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

  private static Set<String> lower(List<String> values) {
    Set<String> set = new LinkedHashSet<>();
    for (String v : values) {
      set.add(v.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(set);
  }

  /** Builds a checker; every list starts from the defaults of {@link #standard()}. */
  public static final class Builder {
    private final List<String> disclosures = new ArrayList<>(DEFAULT_DISCLOSURES);
    private final List<String> parameters = new ArrayList<>(DEFAULT_AFFILIATE_PARAMETERS);
    private final List<String> hosts = new ArrayList<>(DEFAULT_AFFILIATE_HOSTS);

    private Builder() {}

    /** Also accepts {@code disclosure} (a hashtag or a phrase, matched ignoring case) as an affiliate disclosure. */
    public Builder addDisclosure(String disclosure) {
      if (disclosure == null || disclosure.isBlank()) {
        throw ai.clouvel.sdk.exception.ValidationException.of("ComplianceChecker", "disclosure", "must not be blank");
      }
      disclosures.add(disclosure.strip());
      return this;
    }

    /** Also treats links whose query holds {@code name} (e.g. {@code partner}) as affiliate links. */
    public Builder addAffiliateParameter(String name) {
      if (name == null || name.isBlank()) {
        throw ai.clouvel.sdk.exception.ValidationException.of("ComplianceChecker", "affiliateParameter",
            "must not be blank");
      }
      parameters.add(name.strip());
      return this;
    }

    /** Also treats links to {@code host} and its subdomains as affiliate links. */
    public Builder addAffiliateHost(String host) {
      if (host == null || host.isBlank()) {
        throw ai.clouvel.sdk.exception.ValidationException.of("ComplianceChecker", "affiliateHost", "must not be blank");
      }
      hosts.add(host.strip());
      return this;
    }

    /** The checker. */
    public ComplianceChecker build() {
      return new ComplianceChecker(disclosures, parameters, hosts);
    }
  }
}
