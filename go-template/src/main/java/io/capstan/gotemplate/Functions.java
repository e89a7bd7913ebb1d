package io.capstan.gotemplate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable function map (Go's {@code template.FuncMap}). Go's builtins ({@code and}, {@code
 * printf}, ...) are always available to a {@link TemplateSet}; functions given here override them
 * by name, as in Go.
 */
public final class Functions {
  private final Map<String, TemplateFunction> map;

  private Functions(Map<String, TemplateFunction> map) {
    this.map = Collections.unmodifiableMap(map);
  }

  /** No functions besides Go's builtins. */
  public static Functions empty() {
    return new Functions(new LinkedHashMap<>());
  }

  /** Go's builtin functions only (the same set a TemplateSet always has). */
  public static Functions builtins() {
    return empty();
  }

  private static final Map<String, TemplateFunction> SPRIG;

  static {
    Map<String, TemplateFunction> m = new LinkedHashMap<>();
    SprigStrings.register(m);
    SprigCollections.register(m);
    SprigMath.register(m);
    SprigMisc.register(m);
    SprigCrypto.register(m);
    SPRIG = Collections.unmodifiableMap(m);
  }

  /**
   * Sprig v3's {@code TxtFuncMap()} as Helm exposes it (without {@code env} and {@code expandenv}).
   * Sprig's {@code slice} replaces Go's builtin of that name, as in Go.
   */
  public static Functions sprig() {
    return new Functions(new LinkedHashMap<>(SPRIG));
  }

  /** A copy with {@code name} bound to {@code f}. */
  public Functions with(String name, TemplateFunction f) {
    Map<String, TemplateFunction> m = new LinkedHashMap<>(map);
    m.put(name, f);
    return new Functions(m);
  }

  /** A copy with every function of {@code other} added (others win on a name clash). */
  public Functions withAll(Functions other) {
    Map<String, TemplateFunction> m = new LinkedHashMap<>(map);
    m.putAll(other.map);
    return new Functions(m);
  }

  /** A copy without {@code name}. */
  public Functions without(String name) {
    Map<String, TemplateFunction> m = new LinkedHashMap<>(map);
    m.remove(name);
    return new Functions(m);
  }

  /** The function bound to {@code name}, or null. */
  public TemplateFunction get(String name) {
    return map.get(name);
  }

  /** Whether {@code name} is bound. */
  public boolean has(String name) {
    return map.containsKey(name);
  }

  /** The bound names. */
  public Set<String> names() {
    return map.keySet();
  }
}
