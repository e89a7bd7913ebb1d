package io.capstan.notification.provider;

import io.capstan.notification.event.NotificationEvent;
import java.util.List;

/** Turns an event into the request one Provider type sends (pure: no I/O). */
@FunctionalInterface
public interface Notifier {

  /** The request for {@code event}, or null when the type skips the event. */
  OutboundRequest request(NotificationEvent event);

  /**
   * Every request for {@code event}, sent in order, each only after the previous one succeeded
   * (PagerDuty sends an alert event and then a change event, as Flux does). Empty when the type
   * skips the event.
   */
  default List<OutboundRequest> requests(NotificationEvent event) {
    OutboundRequest request = request(event);
    return request == null ? List.of() : List.of(request);
  }
}
