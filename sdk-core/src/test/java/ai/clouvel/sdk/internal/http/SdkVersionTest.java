package ai.clouvel.sdk.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SdkVersionTest {
  @Test
  void reads_the_version_maven_wrote_into_the_resource() {
    assertThat(SdkVersion.version()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
    assertThat(SdkVersion.userAgent())
        .isEqualTo("clouvel-sdk/" + SdkVersion.version() + " (Java " + System.getProperty("java.version") + ")");
  }

  @Test
  void an_unfiltered_placeholder_is_not_a_version() {
    assertThat(SdkVersion.usable("${project.version}")).isFalse();
    assertThat(SdkVersion.usable(" ")).isFalse();
    assertThat(SdkVersion.usable("1.2.3")).isTrue();
  }
}
