package ai.clouvel.sdk.providers.internal;

import ai.clouvel.sdk.compliance.ComplianceChecker;
import ai.clouvel.sdk.model.Asset;
import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.ContentRequest;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.Usage;
import ai.clouvel.sdk.spi.ContentGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes content from templates, offline and deterministically: the same request always gives the
 * same content, art included. Copy for each platform fits the platform's rules, leaving room for
 * the tracking link the pipeline adds (23 characters on X, up to 400 elsewhere), carries the
 * affiliate disclosure where required and avoids blocked terms. Feedback from a rejected attempt
 * ("too long", "too many hashtags", a blocked term) makes the next attempt shorter, plainer or
 * without the term, so regeneration converges.
 */
public final class TemplateContentGenerator implements ContentGenerator {
  /** The provider id. */
  public static final String ID = "template";
  /** The art's default width and height in pixels. */
  public static final int DEFAULT_IMAGE_SIZE = 512;

  private static final List<String> PRODUCTS = List.of("t-shirt", "mug", "poster", "sticker", "tote bag", "hoodie");
  private static final Set<String> STOPWORDS = Set.of(
      "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "from", "by", "as", "is",
      "are", "was", "were", "be", "been", "it", "its", "it's", "this", "that", "these", "those", "my", "our", "your",
      "his", "her", "their", "i", "i'm", "we", "you", "he", "she", "they", "me", "us", "them", "what", "why", "how",
      "when", "who", "which", "do", "does", "did", "not", "no", "so", "than", "then", "too", "very", "just", "now",
      "after", "before", "about", "into", "over", "under", "up", "down", "out", "off", "all", "every", "each", "one",
      "two", "three", "first", "finally", "here", "there", "actually", "really", "still", "has", "have", "had",
      "will", "would", "can", "could", "should", "get", "got", "new", "day", "days", "year", "years", "time",
      "inside", "without", "only", "more", "most", "much", "many", "some", "any", "way", "show", "made", "make",
      "like", "sits", "decided", "learned", "went", "stopped", "using", "used", "found", "look", "looks", "says",
      "said", "tried", "trying", "want", "need", "know", "think", "thing", "things", "everything", "probably",
      "send", "help", "please", "anyone", "someone", "since", "while", "until", "again", "also", "even", "ever");
  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’-]*");
  private static final String ELLIPSIS = "…";

  private final int imageSize;
  private final ComplianceChecker checker = ComplianceChecker.standard();

  /**
   * @param imageSize the art's width and height in pixels, 64 to 2048
   */
  public TemplateContentGenerator(int imageSize) {
    if (imageSize < 64 || imageSize > 2048) {
      throw new IllegalArgumentException("imageSize must be between 64 and 2048, was " + imageSize);
    }
    this.imageSize = imageSize;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Content generate(ContentRequest request) {
    Trend trend = request.trend();
    List<String> platformIds = request.platforms().stream().map(PlatformRules::platform).toList();
    Feedback feedback = Feedback.parse(request.feedback(), platformIds);
    Set<String> blocked = new LinkedHashSet<>(feedback.blockedTerms);
    request.platforms().forEach(r -> blocked.addAll(r.blockedTerms()));
    String message = request.message() == null ? "" : clean(request.message(), blocked);

    long seed = seed(trend.key() + "\n" + (request.message() == null ? "" : request.message()));
    String product = productType(request, seed);
    List<String> keywords = keywords(trend.title(), blocked);
    String where = communityLabel(trend);
    String subject = keywords.isEmpty() ? titleCase(trend.community()) : titleCase(String.join(" ", keywords.subList(
        0, Math.min(keywords.size(), feedback.shorterTitle ? 2 : 3))));
    int titleLimit = titleLimit(request.platforms(), feedback);
    String title = fit(clean(subject + " " + titleCase(product), blocked), titleLimit, null);
    String shortTrend = fit(clean(trend.title(), blocked), 90, null);
    String idea = "A " + product + " celebrating \"" + shortTrend + "\", for fans of " + where + ".";
    String author = trend.attributes().get("author");
    String description = title + ". Inspired by " + where + "'s \"" + shortTrend + "\""
        + (author == null || author.isBlank() ? "" : ", shared by " + author) + "."
        + (message.isEmpty() ? "" : " " + message)
        + " Printed on demand, original art made for this trend.";
    description = clean(description, blocked);

    List<String> hashtags = hashtags(trend, keywords, product, blocked);
    Map<String, String> copy = new LinkedHashMap<>();
    for (PlatformRules rules : request.platforms()) {
      copy.put(rules.platform(), copyFor(rules, feedback.forPlatform(rules.platform()), feedback.rounds, seed, where,
          shortTrend, title, message, hashtags, blocked));
    }
    String artPrompt = "A bold, joyful illustration for a " + product + " about " + String.join(", ", keywords.isEmpty()
        ? List.of(trend.community()) : keywords) + ", inspired by the " + where + " post \"" + shortTrend + "\""
        + (message.isEmpty() ? "" : "; the sponsor asks: " + message.replaceAll("[.!?\\s]+$", ""))
        + ". Flat vector style, vivid colours, centred subject, no text, printable on a " + product + ".";
    Asset art = null;
    if (request.withArt()) {
      byte[] png = ArtRenderer.render(title, where, seed, imageSize);
      art = new Asset(String.format("art-%08x.png", seed & 0xffffffffL), "image/png", png, null);
    }
    return new Content(idea, title, description, copy, hashtags, clean(artPrompt, blocked), art, Usage.none(ID));
  }

  private String copyFor(PlatformRules rules, Feedback.Adjust adjust, int rounds, long seed, String where,
      String trendTitle, String title, String message, List<String> hashtags, Set<String> blocked) {
    boolean disclose = rules.requiresAffiliateDisclosure() || adjust.disclosure;
    // Room for the tracking link the pipeline appends: X counts any link as 23, elsewhere links are long.
    int reserve = rules.maxLinks() == 0 || adjust.noLinks ? 0
        : rules.weightedLength() ? ComplianceChecker.URL_WEIGHT + 2 : Math.min(400, rules.maxLength() / 4);
    int budget = rules.maxLength() - reserve;
    if (adjust.shorter) {
      budget -= adjust.shortenBy + Math.max(10, budget / 10) * Math.max(1, rounds);
    }
    // Never below a readable minimum, nor above what the platform leaves once the link is in.
    budget = Math.max(budget, Math.max(1, Math.min(40, rules.maxLength() - reserve)));

    int tagRoom = rules.maxHashtags() - (disclose && rules.maxHashtags() > 0 ? 1 : 0);
    if (adjust.fewerHashtags) {
      tagRoom = Math.min(tagRoom, Math.min(adjust.maxHashtags, Math.max(0, tagRoom / 2)));
    }
    tagRoom = Math.max(0, Math.min(tagRoom, hashtags.size()));
    String disclosure = !disclose ? "" : rules.maxHashtags() > 0 ? "#ad" : "(affiliate link)";

    // Links the message carries must leave room for the pipeline's link.
    int messageLinks = adjust.noLinks ? 0 : Math.max(0, rules.maxLinks() - 1);
    String msg = limitLinks(message, messageLinks);

    String[] hooks = {
        "Trending in " + where + ": \"" + trendTitle + "\"",
        "Spotted in " + where + " today: \"" + trendTitle + "\"",
        where + " is talking about \"" + trendTitle + "\"",
    };
    String hook = hooks[(int) Math.floorMod(seed, (long) hooks.length)];
    String pitch = "So we made a " + title + ".";
    boolean compact = adjust.shorter;
    for (int attempt = 0; attempt < 6; attempt++) {
      boolean withHook = !compact && attempt == 0;
      int tags = attempt <= 1 ? tagRoom : attempt == 2 ? Math.min(1, tagRoom) : 0;
      String tagLine = tagLine(hashtags.subList(0, tags), disclosure);
      String head = withHook ? hook + "\n\n" + pitch : pitch;
      String body = join(head, msg, tagLine);
      if (fits(body, rules, budget)) {
        return body;
      }
      if (attempt >= 3) {
        // Cut the message, then the pitch, to what is left.
        String fixed = join(head, "", tagLine);
        if (!msg.isEmpty() && fits(fixed, rules, budget - 2)) {
          int room = budget - length(fixed, rules) - 2;
          String cut = fit(msg, room, rules);
          body = join(head, cut, tagLine);
          if (!cut.isEmpty() && fits(body, rules, budget)) {
            return body;
          }
        }
        if (attempt >= 4) {
          int room = budget - length(tagLine, rules) - (tagLine.isEmpty() ? 0 : 2);
          return join(fit(pitch, Math.max(1, room), rules), "", tagLine);
        }
      }
    }
    return fit(join(pitch, "", disclosure), budget, rules);
  }

  private static String tagLine(List<String> tags, String disclosure) {
    List<String> parts = new ArrayList<>();
    tags.forEach(t -> parts.add("#" + t));
    if (!disclosure.isEmpty()) {
      parts.add(disclosure);
    }
    return String.join(" ", parts);
  }

  private static String join(String head, String message, String tags) {
    StringBuilder sb = new StringBuilder(head);
    if (!message.isEmpty()) {
      sb.append("\n\n").append(message);
    }
    if (!tags.isEmpty()) {
      sb.append("\n\n").append(tags);
    }
    return sb.toString();
  }

  private static boolean fits(String text, PlatformRules rules, int budget) {
    return length(text, rules) <= budget;
  }

  private static int length(String text, @Nullable PlatformRules rules) {
    return rules == null ? text.codePointCount(0, text.length()) : ComplianceChecker.length(text, rules);
  }

  /** {@code text}, cut at a word boundary with an ellipsis so that it measures at most {@code max}. */
  private static String fit(String text, int max, @Nullable PlatformRules rules) {
    if (length(text, rules) <= max) {
      return text;
    }
    if (max <= 1) {
      return "";
    }
    String t = text;
    while (!t.isEmpty()) {
      int cut = t.lastIndexOf(' ');
      t = cut > 0 ? t.substring(0, cut) : t.substring(0, t.offsetByCodePoints(0, t.codePointCount(0, t.length()) - 1));
      t = t.replaceAll("[\\s,;:.!?—-]+$", "");
      if (!t.isEmpty() && length(t + ELLIPSIS, rules) <= max) {
        return t + ELLIPSIS;
      }
    }
    return "";
  }

  /** {@code text} keeping its first {@code allowed} links (as the compliance checker finds them) and dropping the rest. */
  private static String limitLinks(String text, int allowed) {
    List<String> links = ComplianceChecker.links(text);
    String t = text;
    int from = 0;
    for (int i = 0; i < links.size(); i++) {
      int at = t.indexOf(links.get(i), from);
      if (at < 0) {
        continue;
      }
      if (i < allowed) {
        from = at + links.get(i).length();
      } else {
        t = t.substring(0, at) + t.substring(at + links.get(i).length());
        from = at;
      }
    }
    return t.replaceAll("[ \\t]{2,}", " ").replaceAll(" ([,.!?;:])", "$1").strip();
  }

  /** Removes every blocked term (whole words, ignoring case) and tidies the spaces left behind. */
  private static String clean(String text, Set<String> blocked) {
    String t = text;
    for (String term : blocked) {
      if (term.isBlank()) {
        continue;
      }
      String regex = "(?<![\\p{L}\\p{N}_])" + java.util.Arrays.stream(term.strip().split("\\s+"))
          .map(Pattern::quote).collect(Collectors.joining("\\s+")) + "(?![\\p{L}\\p{N}_])";
      t = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(t).replaceAll("");
    }
    return t.replaceAll("[ \\t]{2,}", " ").replaceAll(" ([,.!?;:])", "$1").strip();
  }

  private static int titleLimit(List<PlatformRules> platforms, Feedback feedback) {
    int limit = 70;
    for (PlatformRules r : platforms) {
      if (r.maxTitleLength() > 0) {
        limit = Math.min(limit, r.maxTitleLength());
      }
    }
    if (feedback.shorterTitle) {
      limit = Math.max(12, Math.min(limit - feedback.titleShortenBy, limit * 2 / 3));
    }
    return limit;
  }

  private static String productType(ContentRequest request, long seed) {
    for (String key : List.of("productType", "product-type", "product")) {
      String value = request.attributes().get(key);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return PRODUCTS.get((int) Math.floorMod(seed >>> 8, (long) PRODUCTS.size()));
  }

  private static String communityLabel(Trend trend) {
    return trend.source().equals("reddit") || trend.source().equals(SampleTrendSource.ID)
        ? "r/" + trend.community() : trend.community();
  }

  private static List<String> keywords(String title, Set<String> blocked) {
    Set<String> lowerBlocked = blocked.stream().map(b -> b.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(title);
    while (m.find() && words.size() < 4) {
      String w = m.group().replaceAll("['’-]+$", "");
      String lower = w.toLowerCase(Locale.ROOT);
      if (w.length() >= 3 && !STOPWORDS.contains(lower) && !lowerBlocked.contains(lower)
          && words.stream().noneMatch(x -> x.equalsIgnoreCase(w))) {
        words.add(w);
      }
    }
    return words;
  }

  private static List<String> hashtags(Trend trend, List<String> keywords, String product, Set<String> blocked) {
    Set<String> lowerBlocked = blocked.stream().map(b -> b.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    List<String> candidates = new ArrayList<>();
    candidates.add(trend.community());
    candidates.addAll(keywords);
    candidates.add(product);
    for (String c : candidates) {
      String tag = c.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_]", "");
      if (tag.length() >= 2 && tag.codePoints().anyMatch(Character::isLetter) && !lowerBlocked.contains(tag)) {
        tags.add(tag);
      }
    }
    return List.copyOf(tags).subList(0, Math.min(5, tags.size()));
  }

  private static String titleCase(String text) {
    StringBuilder sb = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      int first = word.codePointAt(0);
      sb.appendCodePoint(Character.toTitleCase(first)).append(word.substring(Character.charCount(first)));
    }
    return sb.toString();
  }

  static long seed(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (digest[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "TemplateContentGenerator[imageSize=" + imageSize + "]";
  }
}
