package ai.clouvel.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.InvalidContentException;
import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.model.Publication;
import ai.clouvel.sdk.spi.Publisher;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Publisher} must do; extend it once per implementation.
 */
public abstract class PublisherContract {
  /** The publisher under test; called once per test. */
  protected abstract Publisher publisher();

  /** A post the platform accepts, with the given idempotency key. */
  protected abstract Post validPost(String idempotencyKey);

  /** A post that breaks the platform's rules (e.g. far too long), with the given idempotency key. */
  protected abstract Post invalidPost(String idempotencyKey);

  /** Whether the publisher can find earlier posts by key (overrides {@link Publisher#findPublished}); default true. */
  protected boolean findsPublished() {
    return true;
  }

  @Test
  void has_a_lowercase_dashed_id_and_rules() {
    assertThat(publisher().id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
    assertThat(publisher().rules().platform()).isNotBlank();
  }

  @Test
  void publishes_and_reports_the_publication() {
    Publication publication = publisher().publish(validPost("contract:publish:1"));
    assertThat(publication.publisher()).isEqualTo(publisher().id());
    assertThat(publication.idempotencyKey()).isEqualTo("contract:publish:1");
    assertThat(publication.postId()).isNotBlank();
  }

  @Test
  void finds_a_post_published_earlier_with_the_same_key_and_never_posts_it_twice() {
    Publisher publisher = publisher();
    Publication first = publisher.publish(validPost("contract:publish:2"));
    if (findsPublished()) {
      assertThat(publisher.findPublished(validPost("contract:publish:2"))).contains(first);
    }
    assertThat(publisher.publish(validPost("contract:publish:2")).postId()).isEqualTo(first.postId());
    assertThat(publisher.findPublished(validPost("contract:publish:never"))).isEmpty();
  }

  @Test
  void rejects_a_post_that_breaks_the_rules() {
    assertThatThrownBy(() -> publisher().publish(invalidPost("contract:publish:3")))
        .isInstanceOf(InvalidContentException.class);
  }
}
