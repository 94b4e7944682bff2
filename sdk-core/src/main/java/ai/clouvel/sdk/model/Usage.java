package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * What one model call used, for metering and cost tracking.
 *
 * @param model the model id, e.g. {@code gpt-4o-mini}
 * @param inputTokens prompt tokens; never negative
 * @param outputTokens completion tokens; never negative
 * @param images images generated; never negative
 * @param cost what it cost, when the provider's price is known
 */
public record Usage(String model, long inputTokens, long outputTokens, int images, @Nullable Money cost) {

  /** Validates every field. */
  public Usage {
    Checks.of("Usage")
        .notBlank(model, "model")
        .check(inputTokens >= 0, "inputTokens", "must not be negative")
        .check(outputTokens >= 0, "outputTokens", "must not be negative")
        .check(images >= 0, "images", "must not be negative")
        .validate();
  }

  /** No usage, for offline generators. */
  public static Usage none(String model) {
    return new Usage(model, 0, 0, 0, null);
  }
}
