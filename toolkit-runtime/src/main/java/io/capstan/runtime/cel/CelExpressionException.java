package io.capstan.runtime.cel;

/** A CEL expression that does not compile, or whose evaluation failed. */
public final class CelExpressionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message naming the expression. */
  public CelExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
