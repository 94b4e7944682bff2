package ai.clouvel.sdk.providers;

import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.providers.internal.SampleTrendSource;
import ai.clouvel.sdk.spi.ProviderFactory;
import ai.clouvel.sdk.spi.TrendSource;

/**
 * Makes the {@code sample} trend source: realistic trends bundled with the SDK in the communities
 * java, programming, aww, gardening, cats, fitness and coffee, always fresh relative to the clock
 * (a few are marked NSFW). Needs no configuration and no network: the quickstart's default.
 */
public final class SampleTrendSourceFactory implements ProviderFactory<TrendSource> {
  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public SampleTrendSourceFactory() {}

  @Override
  public String id() {
    return SampleTrendSource.ID;
  }

  @Override
  public Class<TrendSource> type() {
    return TrendSource.class;
  }

  @Override
  public String description() {
    return "Bundled sample trends (java, programming, aww, gardening, cats, fitness, coffee); offline, no keys";
  }

  @Override
  public TrendSource create(ProviderConfig config) {
    return new SampleTrendSource(config.clock());
  }
}
