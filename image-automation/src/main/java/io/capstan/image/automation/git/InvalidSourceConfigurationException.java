package io.capstan.image.automation.git;

/**
 * The automation's source configuration cannot work until the spec changes (Flux's {@code
 * InvalidSourceConfiguration} reason: the object stalls).
 */
public final class InvalidSourceConfigurationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Creates the error. */
  public InvalidSourceConfigurationException(String message) {
    super(message);
  }
}
