package io.capstan.gotemplate;

import io.capstan.gotemplate.Node.Tree;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A namespace of parsed templates sharing {@code define}s, like Go's {@code *template.Template}.
 * Parsing is not thread-safe; executing a fully parsed set from several threads is.
 */
public final class TemplateSet {
  /** An immutable layer of templates shared by copies. */
  private static final class Layer {
    final Map<String, Tree> trees;
    final Layer parent;

    Layer(Map<String, Tree> trees, Layer parent) {
      this.trees = trees;
      this.parent = parent;
    }
  }

  private final Functions functions;
  private final TemplateOptions options;
  private Layer frozen;
  private Map<String, Tree> trees;

  /**
   * The tree each parse(name, ...) call produced for {@code name} itself: Go's Template object
   * keeps its own tree even when the shared map keeps an older non-empty one (an empty body does
   * not replace it there). execute(name) runs this one, as Helm's tpl does with t.Execute.
   */
  private final Map<String, Tree> mains = new java.util.HashMap<>();

  private TemplateSet(
      Functions functions, TemplateOptions options, Layer frozen, Map<String, Tree> trees) {
    this.functions = functions;
    this.options = options;
    this.frozen = frozen;
    this.trees = trees;
  }

  /** An empty set with the given functions (on top of Go's builtins) and options. */
  public static TemplateSet create(Functions functions, TemplateOptions options) {
    return new TemplateSet(functions, options, null, new LinkedHashMap<>());
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
    mains.put(name, parsed.get(name));
    for (Map.Entry<String, Tree> e : parsed.entrySet()) {
      Tree old = tree(e.getKey());
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
    Tree t = depth == 0 ? mains.get(name) : null;
    if (t == null) {
      t = tree(name);
    }
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
    } catch (StackOverflowError e) {
      throw new TemplateException(
          "template: "
              + name
              + ": exceeded maximum template depth ("
              + Executor.MAX_EXEC_DEPTH
              + ")");
    }
    return sb.toString();
  }

  Tree tree(String name) {
    Tree t = trees.get(name);
    if (t != null) {
      return t;
    }
    for (Layer l = frozen; l != null; l = l.parent) {
      t = l.trees.get(name);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** Whether a template {@code name} is defined. */
  public boolean has(String name) {
    return tree(name) != null;
  }

  /** The names of all templates of the set. */
  public Set<String> names() {
    Set<String> r = new LinkedHashSet<>();
    java.util.List<Layer> layers = new java.util.ArrayList<>();
    for (Layer l = frozen; l != null; l = l.parent) {
      layers.add(0, l);
    }
    for (Layer l : layers) {
      r.addAll(l.trees.keySet());
    }
    r.addAll(trees.keySet());
    return Collections.unmodifiableSet(r);
  }

  /**
   * An independent copy: parsing into either set does not change the other. Cheap (O(1)): parsed
   * trees are shared through an immutable layer, as Helm's {@code tpl} needs on every call.
   */
  public synchronized TemplateSet copy() {
    if (!trees.isEmpty()) {
      frozen = new Layer(trees, frozen);
      trees = new LinkedHashMap<>();
    }
    return new TemplateSet(functions, options, frozen, new LinkedHashMap<>());
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
