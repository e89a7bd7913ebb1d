package io.capstan.notification.alert;

import io.capstan.api.notification.v1beta3.Alert;
import io.capstan.notification.event.EventParser;
import io.capstan.notification.event.NotificationEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * The notification an Alert sends for an event: the event with its metadata cleaned up as Flux does
 * ({@link EventParser#cleanupMetadata}), plus the Alert's {@code eventMetadata} and {@code
 * summary}; keys the event already carries are not overridden.
 */
public final class AlertNotification {

  private AlertNotification() {}

  /** The event {@code alert} dispatches for {@code event}. */
  public static NotificationEvent of(NotificationEvent event, Alert alert) {
    Map<String, String> metadata = new TreeMap<>(EventParser.cleanupMetadata(event));
    Map<String, String> extra = alert.getSpec().getEventMetadata();
    if (extra != null) {
      extra.forEach(metadata::putIfAbsent);
    }
    String summary = alert.getSpec().getSummary();
    if (summary != null && !summary.isEmpty()) {
      metadata.putIfAbsent("summary", summary);
    }
    return event.withMetadata(metadata);
  }
}
