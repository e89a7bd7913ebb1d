package io.capstan.notification.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event as Flux's notification-controller receives it ({@code event.toolkit.fluxcd.io/v1beta1}
 * Event): the involved object, {@code severity} ({@code info}/{@code error}), {@code timestamp}
 * (RFC 3339, kept as sent), {@code message}, {@code reason}, {@code metadata}, {@code
 * reportingController} and {@code reportingInstance}. Immutable; {@link #withMetadata} makes the
 * per-Alert copies.
 */
public record NotificationEvent(
    InvolvedObject involvedObject,
    String severity,
    String timestamp,
    String message,
    String reason,
    Map<String, String> metadata,
    String reportingController,
    String reportingInstance) {

  /** Flux's {@code info} severity. */
  public static final String INFO = "info";

  /** Flux's {@code error} severity. */
  public static final String ERROR = "error";

  /** The object an event is about (a subset of core/v1 ObjectReference). */
  public record InvolvedObject(
      String apiVersion,
      String kind,
      String namespace,
      String name,
      String uid,
      String resourceVersion) {

    /** The API group of {@link #apiVersion} ({@code ""} for the core group). */
    public String group() {
      if (apiVersion == null) {
        return "";
      }
      int slash = apiVersion.indexOf('/');
      return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
  }

  public NotificationEvent {
    Objects.requireNonNull(involvedObject, "involvedObject");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** This event with {@code metadata} instead of its own. */
  public NotificationEvent withMetadata(Map<String, String> metadata) {
    return new NotificationEvent(
        involvedObject,
        severity,
        timestamp,
        message,
        reason,
        new LinkedHashMap<>(metadata),
        reportingController,
        reportingInstance);
  }

  /** The {@code revision} metadata (after {@link EventParser#cleanupMetadata}), or null. */
  public String revision() {
    return metadata.get("revision");
  }
}
