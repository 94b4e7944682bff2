package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.config.Secret;
import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Provider factories registered in the test class path's services file. */
public final class TestProviders {
  private TestProviders() {}

  /** A trend source that returns one trend per community. */
  public static final class EchoTrendSource implements TrendSource, AutoCloseable {
    private final String id;
    private final Secret token;
    private volatile boolean closed;

    EchoTrendSource(String id, Secret token) {
      this.id = id;
      this.token = token;
    }

    @Override
    public String id() {
      return id;
    }

    Secret token() {
      return token;
    }

    @Override
    public List<Trend> fetch(TrendQuery query) {
      return query.communities().stream()
          .map(c -> new Trend(c + "-1", id, c, "Hello " + c, null, 1, 0, Instant.EPOCH, false, Map.of()))
          .toList();
    }

    @Override
    public void close() {
      closed = true;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
      return closed;
    }
  }

  /** Makes {@code echo} trend sources; needs {@code clouvel.echo.token}. */
  public static final class EchoFactory implements ProviderFactory<TrendSource> {
    @Override
    public String id() {
      return "echo";
    }

    @Override
    public Class<TrendSource> type() {
      return TrendSource.class;
    }

    @Override
    public List<ConfigKey> configKeys() {
      return List.of(ConfigKey.secret("token", "The API token."));
    }

    @Override
    public TrendSource create(ProviderConfig config) {
      return new EchoTrendSource(id(), config.secret("token"));
    }
  }

  /** The last source a {@link QuietFactory} made. */
  public static final java.util.concurrent.atomic.AtomicReference<EchoTrendSource> LAST_QUIET =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Makes {@code quiet} trend sources; needs nothing. */
  public static class QuietFactory implements ProviderFactory<TrendSource> {
    @Override
    public String id() {
      return "quiet";
    }

    @Override
    public Class<TrendSource> type() {
      return TrendSource.class;
    }

    @Override
    public TrendSource create(ProviderConfig config) {
      EchoTrendSource source = new EchoTrendSource(id(), Secret.of("unused"));
      LAST_QUIET.set(source);
      return source;
    }
  }

  /** A second factory claiming {@code echo}, only installed by the duplicate-id test. */
  public static final class EchoImpostorFactory implements ProviderFactory<TrendSource> {
    @Override
    public String id() {
      return "echo";
    }

    @Override
    public Class<TrendSource> type() {
      return TrendSource.class;
    }

    @Override
    public TrendSource create(ProviderConfig config) {
      throw new AssertionError("never built");
    }
  }
}
