package io.capstan.notification.provider;

import io.capstan.notification.event.NotificationEvent;

/**
 * A Notifier that reads before it writes, as Flux's Git providers list commit statuses first and
 * skip a status identical to the latest one of the same context.
 */
public interface Precheck {

  /** The read request for {@code event}. */
  OutboundRequest lookup(NotificationEvent event);

  /** Whether the answer of {@link #lookup} makes the notification for {@code event} redundant. */
  boolean redundant(String lookupResponse, NotificationEvent event);

  /**
   * Whether a 404 answer to {@link #lookup} means "no status yet" (Bitbucket) and not a failure.
   */
  default boolean notFoundIsEmpty() {
    return false;
  }
}
