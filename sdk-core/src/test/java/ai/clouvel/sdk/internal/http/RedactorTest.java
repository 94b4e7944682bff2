package ai.clouvel.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void knows_secret_names_but_keeps_ordinary_ones() {
    assertThat(Redactor.isSecretName("access_token")).isTrue();
    assertThat(Redactor.isSecretName("refresh-token")).isTrue();
    assertThat(Redactor.isSecretName("client_secret")).isTrue();
    assertThat(Redactor.isSecretName("api_key")).isTrue();
    assertThat(Redactor.isSecretName("Password")).isTrue();
    assertThat(Redactor.isSecretName("oauth_token_secret")).isTrue();
    assertThat(Redactor.isSecretName("title")).isFalse();
    assertThat(Redactor.isSecretName("author")).isFalse();
    assertThat(Redactor.isSecretName("max_tokens")).isFalse();
    assertThat(Redactor.isSecretName("total_tokens")).isFalse();
  }

  @Test
  void knows_secret_headers_but_keeps_the_idempotency_key_and_rate_limits() {
    assertThat(Redactor.isSecretHeader("Authorization")).isTrue();
    assertThat(Redactor.isSecretHeader("Proxy-Authorization")).isTrue();
    assertThat(Redactor.isSecretHeader("Cookie")).isTrue();
    assertThat(Redactor.isSecretHeader("Set-Cookie")).isTrue();
    assertThat(Redactor.isSecretHeader("X-Api-Key")).isTrue();
    assertThat(Redactor.isSecretHeader("X-Shopify-Access-Token")).isTrue();
    assertThat(Redactor.isSecretHeader("Stripe-Signature")).isTrue();
    assertThat(Redactor.isSecretHeader("Idempotency-Key")).isFalse();
    assertThat(Redactor.isSecretHeader("x-ratelimit-remaining")).isFalse();
    assertThat(Redactor.isSecretHeader("anthropic-ratelimit-tokens-remaining")).isFalse();
    assertThat(Redactor.isSecretHeader("Content-Type")).isFalse();
  }

  @Test
  void hides_query_values_and_url_passwords() {
    HttpUrl url = HttpUrl.get("https://user:pa55@api.example/v1?limit=5&access_token=abc123&sig=zz&after=t3_x");
    String shown = Redactor.url(url);
    assertThat(shown).contains("limit=5", "access_token=****", "sig=****", "after=t3_x").doesNotContain("abc123", "pa55", "zz&");
    assertThat(Redactor.url(HttpUrl.get("https://api.example/v1?custom=s3"), Set.of("custom"))).doesNotContain("s3");
  }

  @Test
  void hides_form_fields() {
    assertThat(Redactor.form("grant_type=password&username=bob&password=hunter2&code=xyz", Set.of()))
        .isEqualTo("grant_type=password&username=bob&password=****&code=****");
  }

  @Test
  void hides_json_fields_even_in_a_cut_off_document() {
    assertThat(Redactor.text("{\"access_token\": \"abc\", \"expires_in\": 3600, \"nested\": {\"api_key\": 12345}}", Set.of()))
        .isEqualTo("{\"access_token\": \"****\", \"expires_in\": 3600, \"nested\": {\"api_key\": \"****\"}}");
    assertThat(Redactor.text("{\"refresh_token\":\"abcdef-cut-he", Set.of())).doesNotContain("abcdef");
    assertThat(Redactor.text("{\"text\":\"say \\\"hi\\\"\",\"token\":\"t\\\"ok\"}", Set.of()))
        .isEqualTo("{\"text\":\"say \\\"hi\\\"\",\"token\":\"****\"}");
  }

  @Test
  void hides_bearer_and_basic_credentials_in_free_text() {
    assertThat(Redactor.text("failed: Authorization: Bearer eyJhbGciOi.payload.sig", Set.of()))
        .isEqualTo("failed: Authorization: Bearer ****");
    assertThat(Redactor.text("Basic dXNlcjpwYXNzd29yZA==", Set.of())).isEqualTo("Basic ****");
  }

  @Test
  void excerpts_are_short_single_line_and_redacted() {
    String excerpt = Redactor.excerpt("line one\n\tline two password=p4ss " + "x".repeat(500), 40);
    assertThat(excerpt).startsWith("line one line two password=****").hasSize(43).endsWith("...");
  }
}
