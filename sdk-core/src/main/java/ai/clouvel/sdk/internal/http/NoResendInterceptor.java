package ai.clouvel.sdk.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that keeps OkHttp from re-sending a request that is not safe to repeat.
 * OkHttp repeats any request answered {@code 503} with {@code Retry-After: 0}, whatever its method
 * or body; removing that header from such a response leaves the decision to
 * {@link HttpExecutor}, which never repeats these requests. (One-shot bodies already stop OkHttp's
 * other silent repeats: after a {@code 408} or a failed connection.)
 */
public final class NoResendInterceptor implements Interceptor {
  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    CallInfo info = chain.request().tag(CallInfo.class);
    if (info == null || info.retrySafe() || response.code() != 503) {
      return response;
    }
    String retryAfter = response.header("Retry-After");
    if (retryAfter == null || !retryAfter.trim().matches("0+")) {
      return response;
    }
    return response.newBuilder().removeHeader("Retry-After").build();
  }
}
