package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code ContentGenerator} made for one trend.
 *
 * @param idea the product idea in one sentence
 * @param title the product's title
 * @param description the product's description
 * @param copy the post text for each target platform, keyed by platform id; copied
 * @param hashtags hashtags without the leading {@code #}; copied
 * @param artPrompt the prompt the art was (or is to be) made from
 * @param art the generated art, if any
 * @param usage what generating it used
 */
public record Content(
    String idea,
    String title,
    String description,
    Map<String, String> copy,
    List<String> hashtags,
    String artPrompt,
    @Nullable Asset art,
    Usage usage) {

  /** Validates every field and copies the collections. */
  public Content {
    Checks.of("Content")
        .notBlank(idea, "idea")
        .notBlank(title, "title")
        .notNull(description, "description")
        .notNull(copy, "copy")
        .check(copy == null || !copy.isEmpty(), "copy", "must hold the copy for at least one platform")
        .noNulls(hashtags, "hashtags")
        .check(hashtags == null || hashtags.stream().allMatch(h -> h == null || h.matches("[\\p{L}\\p{N}_]+")),
            "hashtags", "must be words without '#' or spaces")
        .notNull(artPrompt, "artPrompt")
        .notNull(usage, "usage")
        .validate();
    copy = Map.copyOf(copy);
    hashtags = List.copyOf(hashtags);
  }

  /** The copy for {@code platform}, or an empty string. */
  public String copyFor(String platform) {
    return copy.getOrDefault(platform, "");
  }
}
