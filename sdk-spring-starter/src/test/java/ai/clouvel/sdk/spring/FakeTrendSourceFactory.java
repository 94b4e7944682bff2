package ai.clouvel.sdk.spring;

import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.spi.ProviderFactory;
import ai.clouvel.sdk.spi.TrendSource;
import java.util.List;

/** Makes {@link FakeTrendSource}s; registered in this module's test {@code META-INF/services}. */
public final class FakeTrendSourceFactory implements ProviderFactory<TrendSource> {
  static final String ID = "fake-trends";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Class<TrendSource> type() {
    return TrendSource.class;
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(ConfigKey.secret("token", "Access token; the source keeps it to show what it was built with"));
  }

  @Override
  public TrendSource create(ProviderConfig config) {
    return new FakeTrendSource(config.secret("token"), config.clock());
  }
}
