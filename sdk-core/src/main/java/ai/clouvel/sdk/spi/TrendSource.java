package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import java.util.List;

/** Finds what is trending. Implementations fetch many communities per call where the platform allows. */
public interface TrendSource extends Provider {
  /**
   * Returns the trends of the query's communities, best first within each community.
   *
   * @throws ai.clouvel.sdk.exception.ProviderException when the source fails
   * @throws ai.clouvel.sdk.exception.ValidationException when a community does not exist
   */
  List<Trend> fetch(TrendQuery query);
}
