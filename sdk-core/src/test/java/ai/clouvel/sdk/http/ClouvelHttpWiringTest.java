package ai.clouvel.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.Clouvel;
import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.spi.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class ClouvelHttpWiringTest {
  @Test
  void a_clouvel_instance_owns_one_http_support_configured_from_its_keys_and_closes_it() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of(HttpSupport.READ_TIMEOUT, "12s", HttpSupport.MAX_ATTEMPTS, "4"));
    Clouvel clouvel = Clouvel.builder().config(config).registry(ProviderRegistry.of(List.of())).build();
    HttpSupport http = clouvel.http();
    assertThat(http.readTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(http.maxAttempts()).isEqualTo(4);
    OkHttpClient client = http.okHttpClient();
    assertThat(http.okHttpClient()).isSameAs(client);

    clouvel.close();

    assertThat(http.isClosed()).isTrue();
    assertThat(client.dispatcher().executorService().isShutdown()).isTrue();
    assertThatThrownBy(http::okHttpClient).hasMessageContaining("closed");
  }

  @Test
  void a_client_handed_to_the_builder_is_shared_and_left_open() {
    OkHttpClient mine = new OkHttpClient();
    try {
      Clouvel clouvel = Clouvel.builder().okHttpClient(mine).registry(ProviderRegistry.of(List.of())).build();
      OkHttpClient used = clouvel.http().okHttpClient();
      assertThat(used.dispatcher()).isSameAs(mine.dispatcher());
      assertThat(used.connectionPool()).isSameAs(mine.connectionPool());

      clouvel.close();

      assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
    } finally {
      mine.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void provider_config_hands_providers_the_shared_support_or_makes_one_lazily() {
    try (HttpSupport shared = HttpSupport.builder().build()) {
      ProviderConfig withShared = new ProviderConfig("acme", ClouvelConfig.empty(), Clock.systemUTC(), shared);
      assertThat(withShared.http()).isSameAs(shared);
    }
    ProviderConfig standalone = ClouvelConfig.fromMap(Map.of(HttpSupport.CONNECT_TIMEOUT, "3s")).forProvider("acme");
    assertThat(standalone.http().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(standalone.http()).isSameAs(standalone.http());
    standalone.http().close();
  }
}
