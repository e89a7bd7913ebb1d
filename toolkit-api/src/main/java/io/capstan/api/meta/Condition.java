package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.capstan.api.schema.SchemaMergePatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * One aspect of an object's current state, as Kubernetes' {@code metav1.Condition}. Flux objects
 * carry {@code Ready}, {@code Reconciling}, {@code Stalled} and kind-specific conditions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Formats fabric8 cannot derive from the Java types (build time only).
@SchemaCustomizer(
    value = SchemaMergePatch.class,
    input =
        """
        properties:
          lastTransitionTime: {format: date-time}
          observedGeneration: {format: int64}
        """)
@JsonPropertyOrder({
  "type",
  "status",
  "observedGeneration",
  "lastTransitionTime",
  "reason",
  "message"
})
public class Condition extends ExtensibleObject {

  /** The three statuses a condition may have. */
  public enum Status {
    True,
    False,
    Unknown
  }

  @Required
  @Size(max = 316)
  @Pattern(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  @JsonPropertyDescription("type of condition in CamelCase or in foo.example.com/CamelCase.")
  private String type;

  @Required
  @JsonPropertyDescription("status of the condition, one of True, False, Unknown.")
  private Status status;

  // Written as "minimum: 0.0": fabric8's schema model holds bounds as doubles (same value for
  // the API server as Flux's "0").
  @Min(0)
  @JsonPropertyDescription(
      "observedGeneration represents the .metadata.generation that the condition was set based"
          + " upon.")
  private Long observedGeneration;

  @Required
  @JsonPropertyDescription(
      "lastTransitionTime is the last time the condition transitioned from one status to"
          + " another, in RFC 3339 format (date-time).")
  private String lastTransitionTime;

  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
  @JsonPropertyDescription(
      "reason contains a programmatic identifier indicating the reason for the condition's last"
          + " transition.")
  private String reason;

  @Required
  @Size(max = 32768)
  @JsonPropertyDescription(
      "message is a human readable message indicating details about the transition.")
  private String message;

  public Condition() {}

  public Condition(String type, Status status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Status getStatus() {
    return status;
  }

  public void setStatus(Status status) {
    this.status = status;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  /** True when the condition has status {@code True}. */
  @JsonIgnore
  public boolean isTrue() {
    return status == Status.True;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Condition c)) {
      return false;
    }
    return Objects.equals(type, c.type)
        && status == c.status
        && Objects.equals(observedGeneration, c.observedGeneration)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime)
        && Objects.equals(reason, c.reason)
        && Objects.equals(message, c.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
  }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + "): " + message;
  }
}
