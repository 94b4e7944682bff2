package ai.clouvel.sdk.providers;

import ai.clouvel.sdk.providers.internal.SampleTrendSource;
import ai.clouvel.sdk.spi.TrendSource;
import ai.clouvel.sdk.testing.TrendSourceContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

class SampleTrendSourceContractTest extends TrendSourceContract {
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  @Override
  protected TrendSource source() {
    return new SampleTrendSource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Override
  protected List<String> knownCommunities() {
    return List.of("programming", "fitness", "gardening");
  }

  @Override
  protected String unknownCommunity() {
    return "knitting";
  }

  @Override
  protected Instant now() {
    return NOW;
  }
}
