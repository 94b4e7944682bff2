package ai.clouvel.sdk.commerce;

import ai.clouvel.sdk.commerce.internal.ZazzleCommerceProvider;
import ai.clouvel.sdk.config.ClouvelConfig;
import ai.clouvel.sdk.config.ConfigKey;
import ai.clouvel.sdk.config.ProviderConfig;
import ai.clouvel.sdk.exception.ConfigurationException;
import ai.clouvel.sdk.spi.CommerceProvider;
import ai.clouvel.sdk.spi.ProviderFactory;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@code zazzle} commerce provider: it builds Zazzle Create-a-Product links (the
 * documented "linkover" URL form) offline, with no API call and no secret. Zazzle makes the product
 * when a buyer opens the link and fetches the art from its URL, so drafts need art with a public
 * URL (from an asset store). The same idempotency key always gives the same product id and link.
 *
 * <p>Keys, under {@code clouvel.zazzle.}: {@code associate-id} (required), {@code
 * product-template-id} (required), {@code account-id}, {@code image-field}, {@code text-field},
 * {@code tracking-code}, {@code base-url}; see {@link #configKeys()}.
 */
public final class ZazzleCommerceProviderFactory implements ProviderFactory<CommerceProvider> {
  /** Key: the Zazzle associate id, credited for referrals ({@code rf}). */
  public static final String ASSOCIATE_ID = "associate-id";
  /** Key: the Zazzle member account id in the link's path ({@code at-}); defaults to the associate id. */
  public static final String ACCOUNT_ID = "account-id";
  /** Key: the default template product id ({@code pd}). */
  public static final String PRODUCT_TEMPLATE_ID = "product-template-id";
  /** Key: the template's image object name ({@code t_<name>_iid}). */
  public static final String IMAGE_FIELD = "image-field";
  /** Key: the template's text object name ({@code t_<name>_txt}). */
  public static final String TEXT_FIELD = "text-field";
  /** Key: the tracking code added to tracking links ({@code tc}). */
  public static final String TRACKING_CODE = "tracking-code";
  /** Key: Zazzle's site, for other regions. */
  public static final String BASE_URL = "base-url";

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,30}");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]{1,64}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_]{1,100}");

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public ZazzleCommerceProviderFactory() {}

  @Override
  public String id() {
    return ZazzleCommerceProvider.ID;
  }

  @Override
  public Class<CommerceProvider> type() {
    return CommerceProvider.class;
  }

  @Override
  public String description() {
    return "Zazzle Create-a-Product links built offline (no API call); the art needs a public URL";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.required(ASSOCIATE_ID, "Your Zazzle associate id (digits), credited for referrals as rf"),
        ConfigKey.required(PRODUCT_TEMPLATE_ID,
            "Default Zazzle template product id (pd, digits); a draft's productType overrides it"),
        ConfigKey.optional(ACCOUNT_ID, "Your Zazzle member account id for the at- path; defaults to the associate id",
            null),
        ConfigKey.optional(IMAGE_FIELD, "The template's image object name, sent as t_<name>_iid", "image1"),
        ConfigKey.optional(TEXT_FIELD, "The template's text object name, sent the title as t_<name>_txt", "text1"),
        ConfigKey.optional(TRACKING_CODE, "Tracking code (tc) added to tracking links, letters, digits or _", null),
        ConfigKey.optional(BASE_URL, "Zazzle's site, e.g. https://www.zazzle.co.uk", "https://www.zazzle.com"));
  }

  @Override
  public CommerceProvider create(ProviderConfig config) {
    String associate = matching(config, ASSOCIATE_ID, config.string(ASSOCIATE_ID), DIGITS, "digits");
    String template = matching(config, PRODUCT_TEMPLATE_ID, config.string(PRODUCT_TEMPLATE_ID), DIGITS, "digits");
    String account = matching(config, ACCOUNT_ID, config.string(ACCOUNT_ID, associate), DIGITS, "digits");
    String image = matching(config, IMAGE_FIELD, config.string(IMAGE_FIELD, "image1"), FIELD,
        "a template object name of letters, digits or '_'");
    String text = matching(config, TEXT_FIELD, config.string(TEXT_FIELD, "text1"), FIELD,
        "a template object name of letters, digits or '_'");
    @Nullable String tracking = config.find(TRACKING_CODE).orElse(null);
    if (tracking != null) {
      matching(config, TRACKING_CODE, tracking, CODE, "1 to 100 letters, digits or '_'");
    }
    URI base = config.uri(BASE_URL, URI.create("https://www.zazzle.com"));
    if (!"https".equalsIgnoreCase(base.getScheme()) && !"http".equalsIgnoreCase(base.getScheme())) {
      throw new ConfigurationException("Configuration key '" + config.key(BASE_URL) + "' ("
          + ClouvelConfig.environmentName(config.key(BASE_URL)) + ") must be an http(s) URL", config.key(BASE_URL));
    }
    return new ZazzleCommerceProvider(
        new ZazzleCommerceProvider.Settings(base, account, associate, template, image, text, tracking),
        config.clock());
  }

  private static String matching(ProviderConfig config, String name, String value, Pattern pattern, String expected) {
    if (!pattern.matcher(value).matches()) {
      String key = config.key(name);
      throw new ConfigurationException("Configuration key '" + key + "' (" + ClouvelConfig.environmentName(key)
          + ") must be " + expected + "; was '" + value + "'", key);
    }
    return value;
  }
}
