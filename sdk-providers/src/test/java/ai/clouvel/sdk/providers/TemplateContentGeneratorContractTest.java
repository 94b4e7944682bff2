package ai.clouvel.sdk.providers;

import ai.clouvel.sdk.model.Trend;
import ai.clouvel.sdk.model.TrendQuery;
import ai.clouvel.sdk.providers.internal.SampleTrendSource;
import ai.clouvel.sdk.providers.internal.TemplateContentGenerator;
import ai.clouvel.sdk.spi.ContentGenerator;
import ai.clouvel.sdk.testing.ContentGeneratorContract;
import java.time.Clock;

class TemplateContentGeneratorContractTest extends ContentGeneratorContract {
  @Override
  protected ContentGenerator generator() {
    return new TemplateContentGenerator(96);
  }

  @Override
  protected Trend trend() {
    return new SampleTrendSource(Clock.systemUTC()).fetch(TrendQuery.of("gardening")).get(0);
  }
}
