package io.capstan.notification.provider;

import io.capstan.notification.event.NotificationEvent;

/** Turns an event into the request one Provider type sends (pure: no I/O). */
@FunctionalInterface
public interface Notifier {

  /** The request for {@code event}. */
  OutboundRequest request(NotificationEvent event);
}
