package io.capstan.runtime.events;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Event sinks every reconciler built in this process gets besides its own, such as the {@link
 * NotificationForwarder} a controller's {@code main} installs for {@code --events-addr}. Embedders
 * that build reconcilers themselves can ignore this and pass sinks explicitly.
 */
public final class ProcessEventSinks {

  private static final List<EventSink> SINKS = new CopyOnWriteArrayList<>();

  private ProcessEventSinks() {}

  /** Adds {@code sink} to every reconciler built from now on. */
  public static void install(EventSink sink) {
    SINKS.add(Objects.requireNonNull(sink, "sink"));
  }

  /** Removes {@code sink} again (e.g. at shutdown). */
  public static void uninstall(EventSink sink) {
    SINKS.remove(sink);
  }

  /** The installed sinks (a snapshot). */
  public static List<EventSink> installed() {
    return List.copyOf(SINKS);
  }
}
