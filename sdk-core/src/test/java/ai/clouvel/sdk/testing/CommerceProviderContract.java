package ai.clouvel.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.clouvel.sdk.model.Listing;
import ai.clouvel.sdk.model.ProductDraft;
import ai.clouvel.sdk.spi.CommerceProvider;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CommerceProvider} must do; extend it once per implementation.
 */
public abstract class CommerceProviderContract {
  /** The provider under test; called once per test. */
  protected abstract CommerceProvider provider();

  /** A valid draft with the given idempotency key. */
  protected abstract ProductDraft draft(String idempotencyKey);

  @Test
  void has_a_lowercase_dashed_id() {
    assertThat(provider().id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
  }

  @Test
  void creates_a_listing_with_absolute_links_stamped_with_its_id() {
    Listing listing = provider().createListing(draft("contract:list:1"));
    assertThat(listing.provider()).isEqualTo(provider().id());
    assertThat(listing.productUrl().isAbsolute()).isTrue();
    assertThat(listing.trackingUrl().isAbsolute()).isTrue();
  }

  @Test
  void the_same_idempotency_key_gives_the_same_product() {
    CommerceProvider provider = provider();
    Listing first = provider.createListing(draft("contract:list:2"));
    Listing again = provider.createListing(draft("contract:list:2"));
    Listing other = provider.createListing(draft("contract:list:3"));
    assertThat(again.productId()).isEqualTo(first.productId());
    assertThat(again.productUrl()).isEqualTo(first.productUrl());
    assertThat(other.productId()).isNotEqualTo(first.productId());
  }
}
