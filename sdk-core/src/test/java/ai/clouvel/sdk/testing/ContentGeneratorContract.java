package ai.clouvel.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.model.Content;
import ai.clouvel.sdk.model.ContentRequest;
import ai.clouvel.sdk.model.PlatformRules;
import ai.clouvel.sdk.model.Trend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ai.clouvel.sdk.spi.ContentGenerator} must do; extend it once per
 * implementation.
 */
public abstract class ContentGeneratorContract {
  /** The generator under test; called once per test. */
  protected abstract ai.clouvel.sdk.spi.ContentGenerator generator();

  /** A trend to write about. */
  protected abstract Trend trend();

  private ContentRequest request(boolean withArt) {
    return new ContentRequest(trend(), List.of(PlatformRules.forPlatform("x"), PlatformRules.forPlatform("reddit")),
        "Thanks to our sponsor", List.of(), withArt, "contract:generate", Map.of());
  }

  @Test
  void has_a_lowercase_dashed_id() {
    assertThat(generator().id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
  }

  @Test
  void writes_copy_for_every_requested_platform() {
    Content content = generator().generate(request(false));
    assertThat(content.copy()).containsOnlyKeys("x", "reddit");
    assertThat(content.copy().values()).allSatisfy(copy -> assertThat(copy).isNotBlank());
    assertThat(content.usage()).isNotNull();
  }

  @Test
  void makes_art_when_asked_and_none_otherwise() {
    assertThat(generator().generate(request(false)).art()).isNull();
    Content withArt = generator().generate(request(true));
    assertThat(withArt.art()).isNotNull();
    assertThat(withArt.art().bytes() != null || withArt.art().url() != null).isTrue();
    assertThat(withArt.art().mediaType()).startsWith("image/");
  }
}
