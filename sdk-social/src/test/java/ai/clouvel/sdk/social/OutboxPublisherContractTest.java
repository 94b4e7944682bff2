package ai.clouvel.sdk.social;

import ai.clouvel.sdk.model.Post;
import ai.clouvel.sdk.social.internal.OutboxPublisher;
import ai.clouvel.sdk.spi.Publisher;
import ai.clouvel.sdk.testing.PublisherContract;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

class OutboxPublisherContractTest extends PublisherContract {
  @TempDir
  Path dir;

  @Override
  protected Publisher publisher() {
    return new OutboxPublisher(dir.resolve("outbox.jsonl"), "x", Set.of(), Clock.systemUTC());
  }

  @Override
  protected Post validPost(String idempotencyKey) {
    return new Post("x", null, "", "Sun cat, now on a mug #cats", null, idempotencyKey);
  }

  @Override
  protected Post invalidPost(String idempotencyKey) {
    return new Post("x", null, "", "far too long ".repeat(40), null, idempotencyKey);
  }
}
