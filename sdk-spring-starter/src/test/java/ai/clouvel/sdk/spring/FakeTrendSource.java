package ai.clouvel.sdk.spring;

import ai.clouvel.sdk.config.Secret;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.spi.TrendSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A trend source that remembers the configuration it was built from and whether it was closed. */
final class FakeTrendSource implements TrendSource, AutoCloseable {
  private final Secret token;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

  FakeTrendSource(Secret token, Clock clock) {
    this.token = token;
    this.clock = clock;
  }

  @Override
  public String id() {
    return FakeTrendSourceFactory.ID;
  }

  @Override
  public List<Trend> fetch(TrendQuery query) {
    throw new UnsupportedOperationException("not needed by the starter's tests");
  }

  Secret token() {
    return token;
  }

  Clock clock() {
    return clock;
  }

  boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
