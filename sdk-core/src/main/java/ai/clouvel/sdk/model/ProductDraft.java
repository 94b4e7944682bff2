package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A product to create on a commerce provider.
 *
 * @param title the product's title
 * @param description the product's description
 * @param art the art to print or show; commerce providers need it at a public URL
 * @param productType the provider's product type or template, e.g. {@code tshirt}; blank for the
 *     provider's default
 * @param tags search tags; copied
 * @param price the price, when the provider lets the seller set one
 * @param idempotencyKey derived from (task, stage, target): a retry with the same key never
 *     creates a second product
 * @param attributes provider-specific options; copied
 */
public record ProductDraft(
    String title,
    String description,
    Asset art,
    String productType,
    List<String> tags,
    @Nullable Money price,
    String idempotencyKey,
    Map<String, String> attributes) {

  /** Validates every field and copies the collections. */
  public ProductDraft {
    Checks.of("ProductDraft")
        .notBlank(title, "title")
        .notNull(description, "description")
        .notNull(art, "art")
        .notNull(productType, "productType")
        .noNulls(tags, "tags")
        .check(price == null || price.minorUnits() > 0, "price", "must be positive when set")
        .notBlank(idempotencyKey, "idempotencyKey")
        .notNull(attributes, "attributes")
        .validate();
    tags = List.copyOf(tags);
    attributes = Map.copyOf(attributes);
  }
}
