package io.capstan.runtime.events;

/**
 * How an event is recorded. {@link #NORMAL} and {@link #WARNING} become Kubernetes Events of that
 * type and are forwarded to notification sinks; {@link #TRACE} (Flux's "trace" severity) is
 * recorded as a Normal Kubernetes Event only and never forwarded.
 */
public enum EventType {
  NORMAL("Normal"),
  WARNING("Warning"),
  TRACE("Normal");

  private final String kubernetesType;

  EventType(String kubernetesType) {
    this.kubernetesType = kubernetesType;
  }

  /** The {@code type} field of the Kubernetes Event: {@code Normal} or {@code Warning}. */
  public String kubernetesType() {
    return kubernetesType;
  }

  /** Flux's notification severity: {@code info}, {@code error} or {@code trace}. */
  public String severity() {
    return switch (this) {
      case NORMAL -> "info";
      case WARNING -> "error";
      case TRACE -> "trace";
    };
  }
}
