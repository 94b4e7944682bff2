package ai.clouvel.sdk.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.spi.ProviderRegistry;
import ai.clouvel.sdk.spi.TrendSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderDiscoveryTest {
  private final ProviderRegistry registry = ProviderRegistry.load();

  @Test
  void service_loader_finds_the_embedded_providers() {
    assertThat(registry.ids(TrendSource.class)).contains("sample", "file");
    assertThat(registry.ids(ContentGenerator.class)).contains("template");
  }

  @Test
  void every_factory_describes_itself_and_its_keys() {
    for (String id : List.of("sample", "file")) {
      assertThat(registry.factory(TrendSource.class, id).description()).isNotBlank().isNotEqualTo(id);
    }
    assertThat(registry.factory(ContentGenerator.class, "template").description()).isNotEqualTo("template");
    assertThat(registry.factory(TrendSource.class, "file").configKeys())
        .extracting(ConfigKey::name, ConfigKey::required).containsExactly(org.assertj.core.groups.Tuple.tuple("path", true));
    assertThat(registry.factory(ContentGenerator.class, "template").configKeys())
        .extracting(ConfigKey::name, ConfigKey::defaultValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("image-size", "512"));
  }

  @Test
  void builds_the_sample_source_and_template_generator_from_empty_configuration() {
    ClouvelConfig config = ClouvelConfig.empty();
    TrendSource sample = registry.create(TrendSource.class, "sample",
        new ProviderConfig("sample", config, Clock.systemUTC()));
    assertThat(sample.id()).isEqualTo("sample");
    assertThat(sample.fetch(TrendQuery.of("cats"))).isNotEmpty();
    ContentGenerator template = registry.create(ContentGenerator.class, "template",
        new ProviderConfig("template", config, Clock.systemUTC()));
    assertThat(template.id()).isEqualTo("template");
  }

  @Test
  void the_file_source_without_a_path_names_the_key_and_its_environment_variable() {
    assertThatThrownBy(() -> registry.create(TrendSource.class, "file", ClouvelConfig.empty().forProvider("file")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clouvel.file.path")
        .hasMessageContaining("CLOUVEL_FILE_PATH");
  }

  @Test
  void rejects_an_image_size_out_of_range_naming_the_key() {
    ClouvelConfig config = ClouvelConfig.fromMap(Map.of("clouvel.template.image-size", "8"));
    assertThatThrownBy(() -> registry.create(ContentGenerator.class, "template", config.forProvider("template")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clouvel.template.image-size")
        .hasMessageContaining("CLOUVEL_TEMPLATE_IMAGE_SIZE");
  }
}
