package io.capstan.helm.engine;

/** A chart, values or rendering error; the message reads as Helm's. */
public class HelmException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error with Helm's message text. */
  public HelmException(String message) {
    super(message);
  }

  /** An error with Helm's message text and a cause. */
  public HelmException(String message, Throwable cause) {
    super(message, cause);
  }
}
