package ai.clouvel.sdk.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Hides credentials in what is logged or put in an exception message: header values, query and
 * form parameters and JSON fields whose names look secret ({@code access_token}, {@code
 * client_secret}, {@code api_key}, {@code password}...), plus {@code Bearer}/{@code Basic}
 * credentials anywhere in free text. Works on names only; it never needs a secret's value.
 */
public final class Redactor {
  /** What replaces a hidden value. */
  public static final String MASK = "****";

  private static final Set<String> SECRET_NAMES = Set.of(
      "token", "access_token", "refresh_token", "id_token", "oauth_token", "oauth_token_secret", "auth_token",
      "bearer_token", "session_token", "csrf_token", "client_secret", "secret", "api_key", "apikey", "key",
      "password", "passwd", "pwd", "passphrase", "code_verifier", "client_assertion", "authorization",
      "signature", "sig", "cookie", "private_key", "auth", "jwt", "credentials", "credential", "session");

  /** Names also hidden in query strings and form bodies (an OAuth authorization code), but not in JSON where "code" is an error code. */
  private static final Set<String> SECRET_PARAM_NAMES = Set.of("code");

  private static final Set<String> SECRET_HEADERS = Set.of(
      "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "x-auth-token",
      "stripe-signature", "x-shopify-access-token", "x-hub-signature", "x-hub-signature-256");

  private static final Pattern JSON_FIELD = Pattern.compile(
      "\"([^\"\\\\]{1,100})\"(\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s\"]+)");
  private static final Pattern PAIR = Pattern.compile("(?<![A-Za-z0-9_.\\-%])([A-Za-z0-9_.\\-%]{1,100})=([^&\\s\"',;]*)");
  private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=\\-]{6,}");

  private Redactor() {}

  /** Whether a parameter or JSON field with this name holds a credential. */
  public static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace('-', '_').trim();
    return SECRET_NAMES.contains(n)
        || n.endsWith("_token")
        || n.endsWith("_secret")
        || n.endsWith("_password")
        || n.endsWith("_api_key")
        || n.endsWith("_apikey")
        || n.endsWith("private_key")
        || n.endsWith("secret_key")
        || n.contains("password")
        || n.contains("secret");
  }

  private static boolean isSecretParam(String name) {
    return isSecretName(name) || SECRET_PARAM_NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Whether a header with this name holds a credential. The idempotency key and rate-limit headers are kept visible. */
  public static boolean isSecretHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT).trim();
    if (SECRET_HEADERS.contains(n)) {
      return true;
    }
    if (n.equals("idempotency-key") || n.contains("ratelimit") || n.contains("rate-limit")) {
      return false;
    }
    return n.contains("auth") || n.contains("token") || n.contains("secret") || n.contains("api-key")
        || n.contains("apikey") || n.contains("signature") || n.contains("session") || n.contains("password")
        || n.contains("cookie");
  }

  /** The URL with secret-looking query values and any password in it replaced by {@value #MASK}. */
  public static String url(HttpUrl url) {
    return url(url, Set.of());
  }

  /** As {@link #url(HttpUrl)}, also hiding the named parameters. */
  public static String url(HttpUrl url, Set<String> extraSecretNames) {
    HttpUrl.Builder b = url.newBuilder();
    if (!url.encodedPassword().isEmpty()) {
      b.password(MASK);
    }
    if (url.querySize() > 0) {
      b.query(null);
      for (int i = 0; i < url.querySize(); i++) {
        String name = url.queryParameterName(i);
        String value = url.queryParameterValue(i);
        boolean secret = isSecretParam(name) || extraSecretNames.contains(name.toLowerCase(Locale.ROOT));
        b.addQueryParameter(name, secret && value != null ? MASK : value);
      }
    }
    return b.build().toString();
  }

  /** An {@code application/x-www-form-urlencoded} text with secret-looking values hidden. */
  public static String form(String encoded, Set<String> extraSecretNames) {
    StringBuilder out = new StringBuilder(encoded.length());
    for (String pair : encoded.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String name = decode(rawName);
      if (eq >= 0 && (isSecretParam(name) || extraSecretNames.contains(name.toLowerCase(Locale.ROOT)))) {
        out.append(rawName).append('=').append(MASK);
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  /**
   * Free text (a JSON document, a form, an error page, possibly cut short) with secret-looking JSON
   * fields, {@code name=value} pairs and {@code Bearer}/{@code Basic} credentials hidden.
   */
  public static String text(String text, Set<String> extraSecretNames) {
    String s = JSON_FIELD.matcher(text).replaceAll(m -> {
      String name = m.group(1);
      if (isSecretName(name) || extraSecretNames.contains(name.toLowerCase(Locale.ROOT))) {
        return Matcher.quoteReplacement("\"" + name + "\"" + m.group(2) + "\"" + MASK + "\"");
      }
      return Matcher.quoteReplacement(m.group());
    });
    s = PAIR.matcher(s).replaceAll(m -> {
      String name = decode(m.group(1));
      if (isSecretParam(name) || extraSecretNames.contains(name.toLowerCase(Locale.ROOT))) {
        return Matcher.quoteReplacement(m.group(1) + "=" + MASK);
      }
      return Matcher.quoteReplacement(m.group());
    });
    return AUTH_SCHEME.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + MASK));
  }

  /** Free text with secrets hidden (see {@link #text(String, Set)}), control characters and runs of white space collapsed, cut to {@code max} characters. */
  public static String excerpt(String text, int max) {
    String s = text(text, Set.of()).replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
