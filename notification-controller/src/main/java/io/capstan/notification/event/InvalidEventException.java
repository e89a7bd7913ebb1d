package io.capstan.notification.event;

/** An event body that is not a valid Flux event; the event server answers 400. */
public final class InvalidEventException extends Exception {

  /** Says what is wrong with the body. */
  public InvalidEventException(String message) {
    super(message);
  }
}
