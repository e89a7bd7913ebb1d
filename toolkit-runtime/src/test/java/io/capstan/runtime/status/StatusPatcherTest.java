package io.capstan.runtime.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.runtime.kube.ResourceConflictException;
import io.capstan.runtime.testkind.InMemoryObjects;
import io.capstan.runtime.testkind.Widget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatusPatcherTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final InMemoryObjects objects = new InMemoryObjects();
  private Widget widget;

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  @BeforeEach
  void setUp() throws Exception {
    widget = Widget.named("podinfo");
    objects.store(widget);
    objects.concurrentStatusWrite(widget, json("{'revision':'a','observedGeneration':1}"));
    widget
        .getMetadata()
        .setResourceVersion(objects.stored(widget).at("/metadata/resourceVersion").asText());
  }

  @Test
  @DisplayName("no patch is sent when the status did not change")
  void unchanged() throws Exception {
    var status = json("{'revision':'a','observedGeneration':1}");

    var result = new StatusPatcher(objects, 3).patch(widget, status, status.deepCopy());

    assertThat(result).isEmpty();
    assertThat(objects.writes()).isEmpty();
  }

  @Test
  @DisplayName("a change is sent once to the status subresource, locked on resourceVersion")
  void changed() throws Exception {
    String rv = widget.getMetadata().getResourceVersion();

    var result =
        new StatusPatcher(objects, 3)
            .patch(
                widget,
                json("{'revision':'a','observedGeneration':1}"),
                json("{'revision':'b','observedGeneration':1}"));

    assertThat(objects.writes()).hasSize(1);
    var write = objects.writes().get(0);
    assertThat(write.status()).isTrue();
    assertThat(write.patch())
        .isEqualTo(
            json("{'metadata':{'resourceVersion':'" + rv + "'}," + "'status':{'revision':'b'}}"));
    assertThat(result).contains(objects.stored(widget).at("/metadata/resourceVersion").asText());
    assertThat(objects.stored(widget).at("/status/revision").asText()).isEqualTo("b");
  }

  @Test
  @DisplayName("on a conflict the change is re-applied on the latest status and retried")
  void conflictRetried() throws Exception {
    objects.concurrentStatusWrite(widget, json("{'foreign':'kept'}"));

    new StatusPatcher(objects, 3)
        .patch(
            widget,
            json("{'revision':'a','observedGeneration':1}"),
            json("{'revision':'b','observedGeneration':2}"));

    assertThat(objects.writes()).hasSize(2);
    assertThat(objects.stored(widget).get("status"))
        .isEqualTo(json("{'revision':'b','observedGeneration':2,'foreign':'kept'}"));
  }

  @Test
  @DisplayName("when the latest status already has the change, nothing more is written")
  void conflictAlreadyApplied() throws Exception {
    objects.concurrentStatusWrite(widget, json("{'revision':'b'}"));

    new StatusPatcher(objects, 3).patch(widget, json("{'revision':'a'}"), json("{'revision':'b'}"));

    assertThat(objects.writes()).hasSize(1);
  }

  @Test
  @DisplayName("gives up with a conflict after the configured number of attempts")
  void givesUp() throws Exception {
    objects.concurrentStatusWrite(widget, json("{'x':1}"));

    assertThatThrownBy(
            () ->
                new StatusPatcher(objects, 1)
                    .patch(widget, json("{'revision':'a'}"), json("{'revision':'b'}")))
        .isInstanceOf(ResourceConflictException.class);
  }
}
