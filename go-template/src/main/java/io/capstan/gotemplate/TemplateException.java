package io.capstan.gotemplate;

/**
 * A parse or execution error. The message reads as Go's, e.g. {@code template: x.yaml:3:11:
 * executing "x.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b}.
 */
public class TemplateException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error with Go's message text. */
  public TemplateException(String message) {
    super(message);
  }

  /** An error with Go's message text and a cause. */
  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
