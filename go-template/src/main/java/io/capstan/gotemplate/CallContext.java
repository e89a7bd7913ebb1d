package io.capstan.gotemplate;

/** What a function sees of the running execution. */
public interface CallContext {
  /** The template set being executed (Helm's {@code include} and {@code tpl} use it). */
  TemplateSet templates();

  /** Name of the template whose code is running. */
  String templateName();

  /** Nesting depth of template invocations ({@code template} actions and nested executions). */
  int depth();

  /** Executes template {@code name} of the same set with {@code data} at depth + 1. */
  String executeNested(String name, Object data) throws TemplateException;

  /** The options of the running execution. */
  TemplateOptions options();
}
