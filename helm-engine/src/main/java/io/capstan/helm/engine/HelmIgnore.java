package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.List;

/** {@code .helmignore} rules with Helm's semantics (plus its default {@code templates/.?*}). */
public final class HelmIgnore {
  private record Rule(String pattern, boolean negate, boolean mustDir, int kind) {}

  private final List<Rule> rules = new ArrayList<>();

  /** Parses the text of a .helmignore file. */
  public static HelmIgnore parse(String text) throws HelmException {
    HelmIgnore h = new HelmIgnore();
    for (String line : text.split("\n", -1)) {
      h.add(line);
    }
    return h;
  }

  /** No rules. */
  public static HelmIgnore empty() {
    return new HelmIgnore();
  }

  /** Adds Helm's default rule ({@code templates/.?*}). */
  public HelmIgnore withDefaults() {
    try {
      add("templates/.?*");
    } catch (HelmException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  private void add(String raw) throws HelmException {
    String rule = raw.strip();
    if (rule.isEmpty() || rule.startsWith("#")) {
      return;
    }
    if (rule.contains("**")) {
      throw new HelmException("double-star (**) syntax is not supported");
    }
    if (GoGlob.isBadPattern(rule)) {
      throw new HelmException("syntax error in pattern");
    }
    boolean negate = false;
    if (rule.startsWith("!")) {
      negate = true;
      rule = rule.substring(1);
    }
    boolean mustDir = false;
    if (rule.endsWith("/")) {
      mustDir = true;
      rule = rule.substring(0, rule.length() - 1);
    }
    int kind;
    if (rule.startsWith("/")) {
      kind = 0;
      rule = rule.substring(1);
    } else if (rule.contains("/")) {
      kind = 1;
    } else {
      kind = 2;
    }
    rules.add(new Rule(rule, negate, mustDir, kind));
  }

  /** Whether {@code path} (slash-separated, relative to the chart root) is ignored. */
  public boolean ignore(String path, boolean isDir) {
    if (path.isEmpty() || path.equals(".") || path.equals("./")) {
      return false;
    }
    for (Rule r : rules) {
      String n = r.kind == 2 ? base(path) : path;
      boolean match = GoGlob.pathMatch(r.pattern, n);
      if (r.negate) {
        if (r.mustDir && !isDir) {
          return true;
        }
        if (!match) {
          return true;
        }
        continue;
      }
      if (r.mustDir && !isDir) {
        continue;
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static String base(String p) {
    int i = p.lastIndexOf('/');
    return i < 0 ? p : p.substring(i + 1);
  }
}
