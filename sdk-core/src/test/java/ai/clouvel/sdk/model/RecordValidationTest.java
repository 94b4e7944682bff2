package ai.clouvel.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.exception.ValidationException.FieldError;
import ai.clouvel.sdk.queue.TaskSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordValidationTest {

  private static List<String> fields(Runnable r) {
    try {
      r.run();
    } catch (ValidationException e) {
      return e.errors().stream().map(FieldError::field).toList();
    }
    throw new AssertionError("expected a ValidationException");
  }

  @Test
  void trend_lists_every_invalid_field() {
    List<String> invalid = fields(() -> new Trend(" ", "reddit", "", "t", null, -1, -2, null, false, Map.of()));

    assertThat(invalid).containsExactly("id", "community", "score", "comments", "createdAt");
  }

  @Test
  void message_names_subject_and_fields() {
    assertThatThrownBy(() -> new TrendQuery(List.of(), 0, Duration.ZERO, false))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Invalid TrendQuery: ")
        .hasMessageContaining("communities: must name at least one community")
        .hasMessageContaining("limit: must be between 1 and 100, was 0")
        .hasMessageContaining("window: must be positive");
  }

  @Test
  void null_elements_are_a_field_error_not_a_null_pointer() {
    List<String> communities = new ArrayList<>();
    communities.add(null);

    assertThat(fields(() -> new TrendQuery(communities, 10, Duration.ofHours(1), false))).contains("communities");
    assertThat(fields(() -> new TrendQuery(null, 10, null, false))).containsExactly("communities", "window");
  }

  @Test
  void records_copy_their_collections() {
    List<String> communities = new ArrayList<>(List.of("java"));
    TrendQuery q = new TrendQuery(communities, 10, Duration.ofHours(1), false);
    communities.add("aww");

    assertThat(q.communities()).containsExactly("java");
    assertThatThrownBy(() -> q.communities().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void money_is_minor_units_and_an_iso_currency() {
    assertThat(Money.of(1999, "USD").toString()).isEqualTo("19.99 USD");
    assertThat(Money.of(500, "JPY").toString()).isEqualTo("500 JPY");
    assertThat(Money.of(1000, "EUR").plus(Money.of(1, "EUR"))).isEqualTo(Money.of(1001, "EUR"));
    assertThat(fields(() -> Money.of(1, "DOLLARS"))).containsExactly("currency");
    assertThatThrownBy(() -> Money.of(1, "EUR").plus(Money.of(1, "USD")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cannot combine EUR with USD");
  }

  @Test
  void asset_needs_bytes_or_url_and_a_media_type() {
    assertThat(fields(() -> new Asset("a.png", "png", null, null))).containsExactly("mediaType", "bytes");
    byte[] bytes = {1, 2, 3};
    Asset asset = new Asset("a.png", "image/png", bytes, null);
    bytes[0] = 9;
    assertThat(asset.bytes()).containsExactly(1, 2, 3);
    assertThat(asset.withUrl(URI.create("file:///tmp/a.png")).url()).hasScheme("file");
  }

  @Test
  void content_hashtags_have_no_hash_sign() {
    assertThat(fields(() -> new Content("i", "t", "", Map.of("x", "copy"), List.of("#java"), "", null,
        Usage.none("template")))).containsExactly("hashtags");
  }

  @Test
  void listing_needs_absolute_urls() {
    assertThat(fields(() -> new Listing("zazzle", "p1", URI.create("/relative"), URI.create("https://z.com/p"),
        Instant.EPOCH))).containsExactly("productUrl");
  }

  @Test
  void post_extracts_its_hashtags() {
    Post post = new Post("x", null, "", "New drop #Java #cats_of_reddit and more", null, "k1");

    assertThat(post.hashtags()).containsExactly("Java", "cats_of_reddit");
    assertThat(fields(() -> new Post("x", " ", "", "", null, ""))).containsExactly("community", "body", "idempotencyKey");
  }

  @Test
  void task_spec_rejects_bad_input_naming_each_field() {
    assertThat(fields(() -> TaskSpec.builder(" ").maxAttempts(0).accountId("").build()))
        .containsExactly("type", "maxAttempts", "accountId");
    assertThat(fields(() -> TaskSpec.of("has space"))).containsExactly("type");
    assertThat(TaskSpec.of("SPONSORED_POST").payload()).isEqualTo("{}");
  }

  @Test
  void platform_rules_know_the_big_platforms() {
    assertThat(PlatformRules.forPlatform("x").maxLength()).isEqualTo(280);
    assertThat(PlatformRules.forPlatform("x").weightedLength()).isTrue();
    assertThat(PlatformRules.forPlatform("reddit").maxTitleLength()).isEqualTo(300);
    assertThat(PlatformRules.forPlatform("instagram").withBlockedTerms(Set.of("giveaway")).blockedTerms())
        .containsExactly("giveaway");
    assertThatThrownBy(() -> PlatformRules.forPlatform("myspace"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("known: x, reddit, tiktok, instagram");
  }

  @Test
  void checkout_request_wants_a_positive_amount() {
    assertThat(fields(() -> new CheckoutRequest("acct", Money.of(0, "USD"), "Sponsor", URI.create("https://a/ok"),
        URI.create("https://a/no"), "k", Map.of()))).containsExactly("amount");
  }
}
