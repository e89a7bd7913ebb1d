package io.capstan.image.automation.update;

/**
 * An ImageUpdateAutomation whose {@code spec.update} cannot be carried out: none given ({@code no
 * update strategy}) or a strategy other than {@code Setters} ({@code unsupported update strategy:
 * X}), Flux's errors. Only a spec change helps, so a reconciler stalls on it.
 */
public final class UpdateStrategyException extends Exception {
  private static final long serialVersionUID = 1L;

  UpdateStrategyException(String message) {
    super(message);
  }
}
