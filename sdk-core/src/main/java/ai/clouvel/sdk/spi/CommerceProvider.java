package ai.clouvel.sdk.spi;

import ai.clouvel.sdk.model.CatalogItem;
import ai.clouvel.sdk.model.CatalogQuery;
import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.ProductDraft;
import java.util.List;

/** Creates products or listings (print-on-demand, a shop, affiliate links) and reads a catalogue. */
public interface CommerceProvider extends Provider {
  /**
   * Creates a product. Calling again with the same {@link ProductDraft#idempotencyKey()} returns
   * the same listing and creates nothing new.
   *
   * @throws ai.clouvel.sdk.exception.ProviderException when the provider fails
   */
  Listing createListing(ProductDraft draft);

  /**
   * Searches the catalogue.
   *
   * @throws ai.clouvel.sdk.exception.ProviderException when the provider fails
   */
  List<CatalogItem> catalog(CatalogQuery query);
}
