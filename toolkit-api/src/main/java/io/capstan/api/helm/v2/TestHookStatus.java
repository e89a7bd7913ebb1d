package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;

/** What the controller observed of one Helm test hook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
    properties:
      lastStarted: {format: date-time}
      lastCompleted: {format: date-time}
    """)
public class TestHookStatus extends ExtensibleObject {

  @JsonPropertyDescription("LastStarted is when the test hook last started (RFC 3339).")
  private String lastStarted;

  @JsonPropertyDescription("LastCompleted is when the test hook last completed (RFC 3339).")
  private String lastCompleted;

  @JsonPropertyDescription("Phase the test hook was last observed in.")
  private String phase;

  public String getLastStarted() {
    return lastStarted;
  }

  public void setLastStarted(String lastStarted) {
    this.lastStarted = lastStarted;
  }

  public String getLastCompleted() {
    return lastCompleted;
  }

  public void setLastCompleted(String lastCompleted) {
    this.lastCompleted = lastCompleted;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }
}
