package ai.clouvel.sdk.commerce.internal;

import ai.clouvel.sdk.exception.ValidationException;
import ai.clouvel.sdk.model.CatalogItem;
import ai.clouvel.sdk.model.CatalogQuery;
import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.ProductDraft;
import ai.clouvel.sdk.spi.CommerceProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds Zazzle Create-a-Product ("linkover") URLs, without any API call: Zazzle creates the
 * product when a buyer opens the link, fetching the art from its URL. The same idempotency key
 * always gives the same product id and link. Thread-safe.
 *
 * <pre>
 * https://www.zazzle.com/api/create/at-ACCOUNT?rf=ASSOCIATE&amp;ax=Linkover&amp;pd=TEMPLATE&amp;fwd=ProductPage
 *     &amp;ed=true&amp;t_image1_iid=ENCODED_IMAGE_URL&amp;t_text1_txt=ENCODED_TITLE&amp;ic=PRODUCT_ID[&amp;tc=TRACKING]
 * </pre>
 */
public final class ZazzleCommerceProvider implements CommerceProvider {
  /** The provider id. */
  public static final String ID = "zazzle";
  /** Draft attribute overriding the configured tracking code. */
  public static final String TRACKING_CODE_ATTRIBUTE = "tracking-code";

  static final Pattern DIGITS = Pattern.compile("[0-9]{1,30}");
  static final Pattern CODE = Pattern.compile("[A-Za-z0-9_]{1,100}");

  /**
   * The provider's settings.
   *
   * @param baseUrl Zazzle's site, e.g. {@code https://www.zazzle.com}
   * @param accountId the member account id in the path ({@code at-})
   * @param associateId the associate id credited for referrals ({@code rf})
   * @param productTemplateId the default template product id ({@code pd})
   * @param imageField the template's image object name ({@code t_<name>_iid})
   * @param textField the template's text object name ({@code t_<name>_txt})
   * @param trackingCode the tracking code ({@code tc}), if any
   */
  public record Settings(URI baseUrl, String accountId, String associateId, String productTemplateId,
      String imageField, String textField, @Nullable String trackingCode) {}

  private record Created(ProductDraft draft, Listing listing) {}

  private final Settings settings;
  private final Clock clock;
  private final Map<String, Created> created = new LinkedHashMap<>();

  /** A provider with validated {@code settings}, stamping listings with {@code clock}. */
  public ZazzleCommerceProvider(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ValidationException when the art has no URL (Zazzle fetches images itself, so an asset
   *     store must give it one), or the draft's product type or tracking code is malformed
   */
  @Override
  public synchronized Listing createListing(ProductDraft draft) {
    Created existing = created.get(draft.idempotencyKey());
    if (existing != null) {
      return existing.listing;
    }
    URI image = draft.art().url();
    List<ValidationException.FieldError> errors = new ArrayList<>();
    if (image == null) {
      errors.add(new ValidationException.FieldError("art.url", "the art '" + draft.art().name()
          + "' has bytes but no URL; Zazzle fetches the image itself, so store the art with an asset store that"
          + " gives it a public URL before creating the listing"));
    }
    String template = draft.productType().isBlank() ? settings.productTemplateId() : draft.productType().strip();
    if (!DIGITS.matcher(template).matches()) {
      errors.add(new ValidationException.FieldError("productType", "must be a Zazzle template product id (digits),"
          + " or blank for the configured clouvel.zazzle.product-template-id; was '" + template + "'"));
    }
    String tracking = draft.attributes().getOrDefault(TRACKING_CODE_ATTRIBUTE, settings.trackingCode());
    if (tracking != null && !CODE.matcher(tracking).matches()) {
      errors.add(new ValidationException.FieldError("attributes." + TRACKING_CODE_ATTRIBUTE,
          "a Zazzle tracking code is 1 to 100 letters, digits or '_'; was '" + tracking + "'"));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("ProductDraft for zazzle", errors);
    }
    String productId = productId(draft.idempotencyKey());
    StringBuilder url = new StringBuilder(settings.baseUrl().toString().replaceAll("/+$", ""))
        .append("/api/create/at-").append(settings.accountId())
        .append("?rf=").append(settings.associateId())
        .append("&ax=Linkover")
        .append("&pd=").append(template)
        .append("&fwd=ProductPage")
        .append("&ed=true")
        .append("&t_").append(settings.imageField()).append("_iid=").append(encode(image.toString()))
        .append("&t_").append(settings.textField()).append("_txt=").append(encode(draft.title()))
        .append("&ic=").append(productId);
    URI productUrl = URI.create(url.toString());
    URI trackingUrl = tracking == null ? productUrl : URI.create(url + "&tc=" + tracking);
    Listing listing = new Listing(ID, productId, productUrl, trackingUrl, clock.instant());
    created.put(draft.idempotencyKey(), new Created(draft, listing));
    return listing;
  }

  /**
   * The listings this instance created whose title, description or tags contain every word of the
   * query, newest last. Zazzle offers no catalogue search without a partner account.
   */
  @Override
  public synchronized List<CatalogItem> catalog(CatalogQuery query) {
    String[] words = query.text().toLowerCase(Locale.ROOT).strip().split("\\s+");
    List<CatalogItem> items = new ArrayList<>();
    for (Created c : created.values()) {
      String haystack = (c.draft.title() + " " + c.draft.description() + " " + String.join(" ", c.draft.tags()))
          .toLowerCase(Locale.ROOT);
      boolean matches = true;
      for (String w : words) {
        if (!w.isEmpty() && !haystack.contains(w)) {
          matches = false;
          break;
        }
      }
      if (matches) {
        items.add(new CatalogItem(ID, c.listing.productId(), c.draft.title(), c.listing.productUrl(), c.draft.price(),
            c.draft.art().url()));
        if (items.size() == query.limit()) {
          break;
        }
      }
    }
    return items;
  }

  /** A stable product id for an idempotency key: {@code cap_} and 16 hex digits of its SHA-256. */
  static String productId(String idempotencyKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "cap_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Percent-encodes a query value; spaces become {@code %20}. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "ZazzleCommerceProvider[" + settings.baseUrl() + ", template " + settings.productTemplateId() + "]";
  }
}
