package io.capstan.kustomize.controller.build.substitution;

/** A variable expression that is malformed, or names an unset variable in strict mode. */
public final class EnvsubstException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with Flux's envsubst message. */
  public EnvsubstException(String message) {
    super(message);
  }
}
