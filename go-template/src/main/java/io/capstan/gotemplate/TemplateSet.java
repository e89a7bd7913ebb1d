package io.capstan.gotemplate;

import java.util.Set;

/**
 * A namespace of parsed templates sharing {@code define}s, like Go's {@code *template.Template}.
 */
public final class TemplateSet {
  private final Functions functions;
  private final TemplateOptions options;

  private TemplateSet(Functions functions, TemplateOptions options) {
    this.functions = functions;
    this.options = options;
  }

  /** An empty set with the given functions (on top of Go's builtins) and options. */
  public static TemplateSet create(Functions functions, TemplateOptions options) {
    return new TemplateSet(functions, options);
  }

  /** Parses text as template {@code name}; nested {@code define}s join the set. */
  public TemplateSet parse(String name, String text) throws TemplateException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Executes template {@code name} with {@code data} (dot), writing to {@code out}. */
  public void execute(String name, Object data, Appendable out) throws TemplateException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Executes template {@code name} with {@code data} and returns the output. */
  public String execute(String name, Object data) throws TemplateException {
    StringBuilder sb = new StringBuilder();
    execute(name, data, sb);
    return sb.toString();
  }

  /** Whether a template {@code name} is defined (with a body). */
  public boolean has(String name) {
    return false;
  }

  /** The names of all templates of the set. */
  public Set<String> names() {
    return Set.of();
  }

  /** An independent copy: parsing into it does not change this set. */
  public TemplateSet copy() {
    return new TemplateSet(functions, options);
  }

  /** The functions of this set (without Go's builtins). */
  public Functions functions() {
    return functions;
  }

  /** The options of this set. */
  public TemplateOptions options() {
    return options;
  }
}
