package ai.clouvel.sdk.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.clouvel.sdk.exception.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadJsonTest {

  @Test
  void reads_back_what_it_writes() {
    SponsoredPost post = new SponsoredPost("pay_1", "java", "Coffee!", "Ada", List.of("outbox"));
    String json = ai.clouvel.sdk.internal.pipeline.Json.write(post);
    assertThat(json).doesNotContain("taskType", "defaultPriority", "deduplicationKey");
    assertThat(Pipeline.readPayload(json, SponsoredPost.class)).isEqualTo(post);
    assertThat(Pipeline.readPayload("{\"communities\":[\"java\"]}", FrontPick.class)).isEqualTo(FrontPick.of("java"));
    assertThat(Pipeline.readPayload("{}", FrontPick.class)).isEqualTo(new FrontPick(List.of()));
    assertThat(Pipeline.readPayload("{\"sourceTaskId\":7,\"publisher\":\"x\"}", CrossPost.class))
        .isEqualTo(new CrossPost(7, "x", null));
  }

  @Test
  void names_an_unknown_field_and_lists_the_known_ones() {
    assertThatThrownBy(() -> Pipeline.readPayload("{\"commissionId\":\"p\",\"community\":\"java\",\"mesage\":\"hi\"}",
        SponsoredPost.class))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("mesage")
        .hasMessageContaining("is not a field of SponsoredPost")
        .hasMessageContaining("message");
  }

  @Test
  void names_every_missing_field() {
    assertThatThrownBy(() -> Pipeline.readPayload("{\"message\":\"hi\"}", SponsoredPost.class))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).errors())
            .extracting(ValidationException.FieldError::field).containsExactly("commissionId", "community"));
  }

  @Test
  void names_a_field_of_the_wrong_type() {
    assertThatThrownBy(() -> Pipeline.readPayload("{\"sourceTaskId\":\"seven\",\"publisher\":\"x\"}", CrossPost.class))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("sourceTaskId");
    assertThatThrownBy(() -> Pipeline.readPayload("{\"communities\":\"java\"}", FrontPick.class))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("communities");
  }

  @Test
  void says_when_the_payload_is_not_json() {
    assertThatThrownBy(() -> Pipeline.readPayload("{not json", SponsoredPost.class))
        .isInstanceOf(ValidationException.class).hasMessageContaining("payload", "not valid JSON");
    assertThatThrownBy(() -> Pipeline.readPayload("", SponsoredPost.class))
        .isInstanceOf(ValidationException.class).hasMessageContaining("payload", "empty");
    assertThatThrownBy(() -> Pipeline.readPayload("null", SponsoredPost.class))
        .isInstanceOf(ValidationException.class).hasMessageContaining("payload");
  }

  @Test
  void validates_fields_in_the_records_themselves() {
    assertThatThrownBy(() -> new CrossPost(0, " ", " "))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).errors())
            .extracting(ValidationException.FieldError::field).containsExactly("sourceTaskId", "publisher", "community"));
    assertThatThrownBy(() -> new SponsoredPost("p", "java", "x".repeat(2001), null, List.of()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("message");
  }
}
