package ai.clouvel.sdk.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.Asset;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryAssetStoreTest {
  @TempDir
  Path dir;

  private static Asset png(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return new Asset("art 1.png", "image/png", bytes, null);
  }

  @Test
  void stores_the_bytes_and_gives_a_file_url() throws Exception {
    AssetStore store = AssetStore.localDirectory(dir.resolve("assets"));

    Asset stored = store.store("acct-7-0", png(1, 2, 3));

    assertThat(stored.url()).isNotNull();
    assertThat(stored.url().getScheme()).isEqualTo("file");
    Path file = Path.of(stored.url());
    assertThat(file.getParent()).isEqualTo(dir.resolve("assets").toAbsolutePath());
    assertThat(file.getFileName().toString()).startsWith("acct-7-0-").endsWith("-art_1.png");
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    assertThat(stored.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void the_same_key_and_content_give_the_same_url_and_new_content_never_overwrites() throws Exception {
    AssetStore store = AssetStore.localDirectory(dir);
    Asset first = store.store("k", png(1));
    Asset again = store.store("k", png(1));
    Asset other = store.store("k", png(2));

    assertThat(again.url()).isEqualTo(first.url());
    assertThat(other.url()).isNotEqualTo(first.url());
    assertThat(Files.readAllBytes(Path.of(first.url()))).containsExactly(1);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).hasSize(2).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void an_asset_already_at_a_url_is_returned_as_is() {
    Asset remote = Asset.ofUrl("a.png", "image/png", URI.create("https://cdn.example.com/a.png"));
    assertThat(AssetStore.localDirectory(dir).store("k", remote)).isSameAs(remote);
  }

  @Test
  void rejects_a_key_that_is_not_a_safe_file_name_part() {
    assertThatThrownBy(() -> AssetStore.localDirectory(dir).store("../escape", png(1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("key");
  }
}
