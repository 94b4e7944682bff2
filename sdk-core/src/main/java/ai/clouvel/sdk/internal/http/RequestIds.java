package ai.clouvel.sdk.internal.http;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Finds the upstream request id providers send for support tickets. */
public final class RequestIds {
  /** Checked in this order: OpenAI, Shopify and most; Stripe and Anthropic; AWS; X; Cloudflare-fronted APIs. */
  public static final List<String> HEADERS = List.of(
      "x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id", "x-transaction-id", "cf-ray");

  private RequestIds() {}

  /** The first request id header present, cut to 100 characters. */
  public static Optional<String> find(Function<String, @Nullable String> header) {
    for (String name : HEADERS) {
      String v = header.apply(name);
      if (v != null && !v.isBlank()) {
        String t = v.trim().replaceAll("\\p{Cntrl}", "");
        return Optional.of(t.length() <= 100 ? t : t.substring(0, 100));
      }
    }
    return Optional.empty();
  }
}
