package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;

/**
 * A search of a commerce provider's catalogue (own products, or affiliate products to promote).
 *
 * @param text words to match; blank for everything
 * @param limit the most items to return, 1 to 250
 */
public record CatalogQuery(String text, int limit) {

  /** Validates every field. */
  public CatalogQuery {
    Checks.of("CatalogQuery")
        .notNull(text, "text")
        .check(limit >= 1 && limit <= 250, "limit", "must be between 1 and 250, was " + limit)
        .validate();
  }
}
