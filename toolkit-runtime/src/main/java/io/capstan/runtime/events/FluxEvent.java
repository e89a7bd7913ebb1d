package io.capstan.runtime.events;

import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event about a reconciled object, in Flux's shape: the object, a type, a reason such as {@code
 * ReconciliationSucceeded}, a message (already scrubbed of secrets), metadata such as {@code
 * source.toolkit.fluxcd.io/revision}, when it happened and which controller reported it.
 */
public record FluxEvent(
    ObjectReference involvedObject,
    EventType type,
    String reason,
    String message,
    Map<String, String> metadata,
    Instant timestamp,
    String reportingController) {

  public FluxEvent {
    Objects.requireNonNull(involvedObject, "involvedObject");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(reportingController, "reportingController");
  }
}
