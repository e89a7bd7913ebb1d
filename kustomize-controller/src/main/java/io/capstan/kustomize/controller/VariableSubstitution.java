package io.capstan.kustomize.controller;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code postBuild} variable substitution on one rendered object: {@code ${name}}, {@code
 * ${name:=default}} and {@code ${name:-default}} (default used when unset or empty), {@code
 * ${name=default}} and {@code ${name-default}} (default used when unset); unset variables without a
 * default become empty; {@code $${name}} is kept as the literal {@code ${name}}. Bare {@code $name}
 * is left alone.
 */
final class VariableSubstitution {

  private static final Pattern VARIABLE =
      Pattern.compile("\\$(\\$?)\\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[=-])([^}]*))?}");

  private static final Pattern NAME = Pattern.compile("[_a-zA-Z][_a-zA-Z0-9]*");

  private VariableSubstitution() {}

  /** Whether {@code name} is a valid variable name (Flux rejects others). */
  static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }

  /** {@code text} with the variables of {@code vars} substituted. */
  static String substitute(String text, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (!m.group(1).isEmpty()) {
        replacement = m.group().substring(1);
      } else {
        String value = vars.get(m.group(2));
        String operator = m.group(3);
        if (operator == null) {
          replacement = value == null ? "" : value;
        } else if (operator.startsWith(":")) {
          replacement = value == null || value.isEmpty() ? m.group(4) : value;
        } else {
          replacement = value == null ? m.group(4) : value;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
