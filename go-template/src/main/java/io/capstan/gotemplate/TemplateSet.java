package io.capstan.gotemplate;

import io.capstan.gotemplate.Node.Tree;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A namespace of parsed templates sharing {@code define}s, like Go's {@code *template.Template}.
 * Parsing is not thread-safe; executing a fully parsed set from several threads is.
 */
public final class TemplateSet {
  private final Functions functions;
  private final TemplateOptions options;
  private final Map<String, Tree> trees;

  private TemplateSet(Functions functions, TemplateOptions options, Map<String, Tree> trees) {
    this.functions = functions;
    this.options = options;
    this.trees = trees;
  }

  /** An empty set with the given functions (on top of Go's builtins) and options. */
  public static TemplateSet create(Functions functions, TemplateOptions options) {
    return new TemplateSet(functions, options, new LinkedHashMap<>());
  }

  /**
   * Parses text as template {@code name}; nested {@code define}s and {@code block}s join the set.
   * As in Go, a later definition replaces an earlier one of the same name, except that an empty
   * body never replaces a non-empty one; two definitions of one name in the same text are an error.
   */
  public TemplateSet parse(String name, String text) throws TemplateException {
    Map<String, Tree> parsed =
        Parser.parse(
            name,
            text,
            options.leftDelim(),
            options.rightDelim(),
            f -> functions.has(f) || Builtins.has(f));
    for (Map.Entry<String, Tree> e : parsed.entrySet()) {
      Tree old = trees.get(e.getKey());
      if (old != null && Parser.isEmptyTree(e.getValue().root) && old.root != null) {
        continue;
      }
      trees.put(e.getKey(), e.getValue());
    }
    return this;
  }

  /** Executes template {@code name} with {@code data} (dot), writing to {@code out}. */
  public void execute(String name, Object data, Appendable out) throws TemplateException {
    String s = executeAtDepth(name, data, 0);
    try {
      out.append(s);
    } catch (IOException e) {
      throw new TemplateException("template: " + name + ": " + e.getMessage(), e);
    }
  }

  /** Executes template {@code name} with {@code data} and returns the output. */
  public String execute(String name, Object data) throws TemplateException {
    return executeAtDepth(name, data, 0);
  }

  String executeAtDepth(String name, Object data, int depth) throws TemplateException {
    Tree t = trees.get(name);
    if (t == null) {
      throw new TemplateException(
          "template: no template "
              + GoFmt.quote(name)
              + " associated with template "
              + GoFmt.quote(name));
    }
    StringBuilder sb = new StringBuilder();
    Executor ex = new Executor(this, t, sb, depth);
    try {
      ex.run(data);
    } catch (Executor.ExecError e) {
      throw new TemplateException(e.getMessage());
    }
    return sb.toString();
  }

  Tree tree(String name) {
    return trees.get(name);
  }

  /** Whether a template {@code name} is defined. */
  public boolean has(String name) {
    return trees.containsKey(name);
  }

  /** The names of all templates of the set. */
  public Set<String> names() {
    return Collections.unmodifiableSet(trees.keySet());
  }

  /** An independent copy: parsing into it does not change this set. */
  public TemplateSet copy() {
    return new TemplateSet(functions, options, new LinkedHashMap<>(trees));
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
