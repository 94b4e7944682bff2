package ai.clouvel.sdk.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {

  @Test
  void discovers_installed_factories_per_role() {
    ProviderRegistry registry = ProviderRegistry.load();

    assertThat(registry.ids(TrendSource.class)).contains("echo", "quiet");
    assertThat(registry.factory(TrendSource.class, "echo")).isInstanceOf(TestProviders.EchoFactory.class);
    assertThat(registry.ids(Publisher.class)).doesNotContain("echo");
  }

  @Test
  void unknown_id_lists_the_installed_ids() {
    ProviderRegistry registry = ProviderRegistry.load();

    assertThatThrownBy(() -> registry.factory(TrendSource.class, "redit"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("No TrendSource with id 'redit'")
        .hasMessageContaining("echo")
        .hasMessageContaining("quiet");
  }

  @Test
  void unknown_id_of_an_empty_role_says_what_to_add() {
    assertThatThrownBy(() -> ProviderRegistry.of(List.of()).factory(Publisher.class, "x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("None is installed");
  }

  @Test
  void two_factories_claiming_one_id_fail_naming_both() {
    assertThatThrownBy(() -> ProviderRegistry.of(
            List.of(new TestProviders.EchoFactory(), new TestProviders.EchoImpostorFactory())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("claim the id 'echo'")
        .hasMessageContaining("EchoFactory")
        .hasMessageContaining("EchoImpostorFactory");
  }

  @Test
  void duplicate_ids_on_the_class_path_fail_at_discovery(@TempDir Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services/ai.clouvel.sdk.spi.ProviderFactory");
    Files.createDirectories(services.getParent());
    Files.writeString(services, "ai.clouvel.sdk.spi.TestProviders$EchoImpostorFactory\n");
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);

      assertThatThrownBy(ProviderRegistry::load)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("claim the id 'echo'");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void a_service_file_naming_a_missing_class_fails_clearly(@TempDir Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services/ai.clouvel.sdk.spi.ProviderFactory");
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.example.NoSuchFactory\n");
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);

      assertThatThrownBy(ProviderRegistry::load)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("com.example.NoSuchFactory");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void rejects_a_factory_with_a_malformed_id() {
    ProviderFactory<TrendSource> bad = new TestProviders.QuietFactory() {
      @Override
      public String id() {
        return "Bad Id";
      }
    };

    assertThatThrownBy(() -> ProviderRegistry.of(List.of(bad)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'Bad Id'");
  }

  @Test
  void creates_a_provider_from_its_configuration_keys() {
    ProviderRegistry registry = ProviderRegistry.load();
    ClouvelConfig config = ClouvelConfig.fromMap(java.util.Map.of("clouvel.echo.token", "t0k3n"));

    TrendSource source = registry.create(TrendSource.class, "echo", config.forProvider("echo"));

    assertThat(source.id()).isEqualTo("echo");
    assertThat(((TestProviders.EchoTrendSource) source).token().reveal()).isEqualTo("t0k3n");
  }

  @Test
  void a_missing_key_names_the_key_and_its_environment_variable() {
    ProviderRegistry registry = ProviderRegistry.load();

    assertThatThrownBy(() -> registry.create(TrendSource.class, "echo", ClouvelConfig.empty().forProvider("echo")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clouvel.echo.token")
        .hasMessageContaining("CLOUVEL_ECHO_TOKEN")
        .extracting(e -> ((ConfigurationException) e).key()).isEqualTo("clouvel.echo.token");
  }
}
