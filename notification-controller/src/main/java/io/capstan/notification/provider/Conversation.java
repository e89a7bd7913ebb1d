package io.capstan.notification.provider;

import io.capstan.notification.event.NotificationEvent;

/**
 * A Notifier whose writes depend on what it reads first (the pull/merge request comment Providers
 * look up the authenticated user and the existing comments, then edit or create one). The
 * dispatcher hands it the Provider's {@link NotificationSender}, so every call keeps the Provider's
 * proxy, CA, timeout, retries and secret redaction.
 */
public interface Conversation {

  /** Delivers {@code event} through {@code sender}. */
  void deliver(NotificationEvent event, NotificationSender sender)
      throws NotificationSender.DeliveryException, InterruptedException;
}
