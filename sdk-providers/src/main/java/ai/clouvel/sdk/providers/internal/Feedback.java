package ai.clouvel.sdk.providers.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the reasons an earlier attempt was rejected ask for, read from plain words so it works with
 * the compliance checker's reasons and with a person's or model's notes alike: "too long" or
 * "shorten" (with "by at least N"), "title", "too many hashtags" ("at most N"), "links are not
 * allowed", "disclosure", and quoted blocked terms. A reason that names a platform ("x body is too
 * long", "links are not allowed on instagram") applies to that platform; others apply to all.
 */
final class Feedback {
  private static final Pattern BY_AT_LEAST = Pattern.compile("by at least (\\d+)");
  private static final Pattern AT_MOST = Pattern.compile("at most (\\d+) hashtags");
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'|\"([^\"]+)\"|‘([^’]+)’|“([^”]+)”");

  /** Adjustments for one platform, or for all. */
  static final class Adjust {
    boolean shorter;
    int shortenBy;
    boolean fewerHashtags;
    int maxHashtags = Integer.MAX_VALUE;
    boolean noLinks;
    boolean disclosure;

    void merge(Adjust other) {
      shorter |= other.shorter;
      shortenBy = Math.max(shortenBy, other.shortenBy);
      fewerHashtags |= other.fewerHashtags;
      maxHashtags = Math.min(maxHashtags, other.maxHashtags);
      noLinks |= other.noLinks;
      disclosure |= other.disclosure;
    }
  }

  final Adjust all = new Adjust();
  final Map<String, Adjust> byPlatform = new LinkedHashMap<>();
  final Set<String> blockedTerms = new LinkedHashSet<>();
  boolean shorterTitle;
  int titleShortenBy;
  /** How many reasons were given; each round of feedback makes the copy more compact. */
  final int rounds;

  private Feedback(int rounds) {
    this.rounds = rounds;
  }

  static Feedback parse(List<String> reasons, Collection<String> platforms) {
    Feedback f = new Feedback(reasons.size());
    for (String reason : reasons) {
      String lower = reason.toLowerCase(Locale.ROOT).strip();
      Adjust target = f.all;
      for (String p : platforms) {
        String pl = p.toLowerCase(Locale.ROOT);
        if (lower.startsWith(pl + " ") || lower.startsWith(pl + ":") || lower.contains(" on " + pl)
            || lower.contains(" for " + pl)) {
          target = f.byPlatform.computeIfAbsent(p, k -> new Adjust());
          break;
        }
      }
      boolean tooLong = lower.contains("too long") || lower.contains("shorten") || lower.contains("shorter")
          || lower.contains("too many characters") || lower.contains("exceeds");
      Matcher by = BY_AT_LEAST.matcher(lower);
      int amount = by.find() ? Integer.parseInt(by.group(1)) : 0;
      if (tooLong && lower.contains("title")) {
        f.shorterTitle = true;
        f.titleShortenBy = Math.max(f.titleShortenBy, amount);
      } else if (tooLong) {
        target.shorter = true;
        target.shortenBy = Math.max(target.shortenBy, amount);
      }
      if (lower.contains("hashtag") && (lower.contains("too many") || lower.contains("fewer")
          || lower.contains("remove") || lower.contains("at most"))) {
        target.fewerHashtags = true;
        Matcher most = AT_MOST.matcher(lower);
        if (most.find()) {
          target.maxHashtags = Math.min(target.maxHashtags, Integer.parseInt(most.group(1)));
        }
      }
      if (lower.contains("link") && (lower.contains("not allowed") || lower.contains("too many")
          || lower.contains("remove"))) {
        target.noLinks = true;
      }
      if (lower.contains("disclos")) {
        target.disclosure = true;
      }
      if (lower.contains("blocked") || lower.contains("forbidden") || lower.contains("banned")
          || lower.contains("avoid") || lower.contains("do not use") || lower.contains("not allow the")) {
        Matcher q = QUOTED.matcher(reason);
        while (q.find()) {
          for (int g = 1; g <= q.groupCount(); g++) {
            if (q.group(g) != null && !q.group(g).isBlank()) {
              f.blockedTerms.add(q.group(g).strip());
            }
          }
        }
      }
    }
    return f;
  }

  /** The adjustments for {@code platform}: its own merged with those for all. */
  Adjust forPlatform(String platform) {
    Adjust a = new Adjust();
    a.merge(all);
    Adjust own = byPlatform.get(platform);
    if (own != null) {
      a.merge(own);
    }
    return a;
  }
}
