package ai.clouvel.sdk.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets {@code User-Agent} on requests that do not set their own (Reddit, for one, wants its own format). */
public final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;

  /** @param userAgent the value to send */
  public UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (chain.request().header("User-Agent") != null) {
      return chain.proceed(chain.request());
    }
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }
}
