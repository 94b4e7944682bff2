package ai.clouvel.sdk.spring;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code clouvel.*} properties that choose which providers the {@link ai.clouvel.sdk.Clouvel}
 * bean is built from. Each role names provider ids installed on the class path, as a
 * comma-separated value or a list:
 *
 * <pre>
 * clouvel.trend-sources=reddit,sample
 * clouvel.content-generator=template
 * clouvel.publishers=outbox
 * clouvel.reddit.client-id=...
 * </pre>
 *
 * <p>Keys of the providers themselves ({@code clouvel.<provider-id>.<key>}, such as
 * {@code clouvel.reddit.client-id}) are not fields here: every {@code clouvel.*} property of the
 * Spring environment reaches the providers through the {@link ai.clouvel.sdk.config.ClouvelConfig}
 * bean, and the environment variable spelling ({@code CLOUVEL_REDDIT_CLIENT_ID}) works too.
 *
 * @param enabled Whether the Clouvel auto-configuration is active.
 * @param trendSources Ids of the trend sources to build, in order.
 * @param contentGenerator Id of the content generator to build, if any.
 * @param commerce Ids of the commerce providers to build, in order.
 * @param publishers Ids of the publishers to build, in order.
 * @param payments Id of the payment gateway to build, if any.
 */
@ConfigurationProperties("clouvel")
public record ClouvelProperties(
    @DefaultValue("true") boolean enabled,
    List<String> trendSources,
    @Nullable String contentGenerator,
    List<String> commerce,
    List<String> publishers,
    @Nullable String payments) {

  /** Copies the lists; an absent list is empty, blank entries and blank ids are dropped. */
  public ClouvelProperties {
    trendSources = ids(trendSources);
    contentGenerator = id(contentGenerator);
    commerce = ids(commerce);
    publishers = ids(publishers);
    payments = id(payments);
  }

  private static List<String> ids(@Nullable List<@Nullable String> ids) {
    List<String> kept = new ArrayList<>();
    if (ids != null) {
      for (String id : ids) {
        String trimmed = id(id);
        if (trimmed != null) {
          kept.add(trimmed);
        }
      }
    }
    return List.copyOf(kept);
  }

  private static @Nullable String id(@Nullable String id) {
    return id == null || id.isBlank() ? null : id.trim();
  }
}
