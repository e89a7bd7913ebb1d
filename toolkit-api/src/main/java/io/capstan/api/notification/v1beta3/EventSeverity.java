package io.capstan.api.notification.v1beta3;

/** The minimum severity of events an Alert forwards: {@code info} forwards everything. */
public enum EventSeverity {
  info,
  error
}
