package io.capstan.kustomize.controller.build.substitution;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Flux's {@code envsubst} (the fork of drone/envsubst in fluxcd/pkg): {@code ${var}} and the bash
 * parameter expansions {@code ${#var}}, {@code ${var^}}, {@code ${var^^}}, {@code ${var,}}, {@code
 * ${var,,}}, {@code ${var:pos}}, {@code ${var:pos:len}}, {@code ${var#glob}}, {@code ${var##glob}},
 * {@code ${var%glob}}, {@code ${var%%glob}}, {@code ${var/old/new}}, {@code ${var//old/new}},
 * {@code ${var/#old/new}}, {@code ${var/%old/new}} and the defaults {@code ${var:=x}}, {@code
 * ${var:-x}}, {@code ${var=x}}, {@code ${var:?x}}, {@code ${var:+x}} (all of which, as in Flux, use
 * {@code x} when the value is empty). Defaults may hold nested {@code ${...}}. {@code $$} is an
 * escaped {@code $} (so {@code $${var}} prints {@code ${var}}); a bare {@code $var} is not a
 * variable and is kept as written, as in Flux. {@code ${var-x}} is a syntax error in Flux's parser
 * and here.
 *
 * <p>The lookup returns empty for an unset variable: in strict mode that is an error ({@code
 * variable not set (strict mode): "var"}) unless a default operator handles it; otherwise the value
 * is the empty string.
 */
public final class Envsubst {

  private final String text;
  private final Function<String, Optional<String>> lookup;
  private final boolean strict;
  private int pos;

  private Envsubst(String text, Function<String, Optional<String>> lookup, boolean strict) {
    this.text = text;
    this.lookup = lookup;
    this.strict = strict;
  }

  /**
   * {@code text} with every expression replaced by its value from {@code vars}.
   *
   * @param strict whether an unset variable without a default operator is an error
   * @throws EnvsubstException on a syntax error or, in strict mode, an unset variable
   */
  public static String eval(String text, Map<String, String> vars, boolean strict) {
    return eval(text, name -> Optional.ofNullable(vars.get(name)), strict);
  }

  /** {@code text} evaluated against {@code lookup}; see {@link #eval(String, Map, boolean)}. */
  public static String eval(
      String text, Function<String, Optional<String>> lookup, boolean strict) {
    Envsubst e = new Envsubst(text, lookup, strict);
    StringBuilder out = new StringBuilder();
    while (e.pos < text.length()) {
      char c = text.charAt(e.pos);
      if (c == '$' && e.peek(1) == '$') {
        out.append('$');
        e.pos += 2;
      } else if (c == '$' && e.peek(1) == '{') {
        e.pos += 2;
        out.append(e.expression());
      } else {
        out.append(c);
        e.pos++;
      }
    }
    return out.toString();
  }

  /** One {@code ${...}} after its opening brace, up to and including the closing one. */
  private String expression() {
    if (peek(0) == '#') {
      pos++;
      String name = name();
      expect('}');
      return String.valueOf(value(name, "#").length());
    }
    String name = name();
    char next = peek(0);
    switch (next) {
      case '}':
        pos++;
        return value(name, "");
      case ':':
        char op = peek(1);
        if (op == '=' || op == '-' || op == '?' || op == '+') {
          pos += 2;
          return defaultValue(name, ":" + op);
        }
        pos++;
        return substring(name);
      case '=':
        pos++;
        return defaultValue(name, "=");
      case ',':
      case '^':
        return casing(name);
      case '/':
        return replace(name);
      case '#':
      case '%':
        return remove(name, next);
      default:
        throw new EnvsubstException("missing closing brace");
    }
  }

  private String defaultValue(String name, String operator) {
    String fallback = params(c -> c != '}');
    expect('}');
    String value = value(name, operator);
    return value.isEmpty() ? fallback : value;
  }

  private String substring(String name) {
    String offset = params(c -> c != ':' && c != '}');
    String length = null;
    if (peek(0) == ':') {
      pos++;
      length = params(c -> c != '}');
    }
    expect('}');
    return Expansions.substring(value(name, ":"), offset, length);
  }

  private String casing(String name) {
    char c = peek(0);
    int n = peek(1) == c ? 2 : 1;
    pos += n;
    expect('}');
    String value = value(name, String.valueOf(c).repeat(n));
    if (value.isEmpty()) {
      return value;
    }
    if (c == '^') {
      return n == 2
          ? value.toUpperCase()
          : value.substring(0, 1).toUpperCase() + value.substring(1);
    }
    return n == 2 ? value.toLowerCase() : value.substring(0, 1).toLowerCase() + value.substring(1);
  }

  private String replace(String name) {
    pos++;
    String operator = "/";
    char c = peek(0);
    if (c == '/' || c == '#' || c == '%') {
      operator += c;
      pos++;
    }
    String pattern = peek(0) == '/' ? "" : escapedParams(c1 -> c1 != '/');
    expect('/');
    String replacement = peek(0) == '}' ? "" : escapedParams(c1 -> c1 != '}');
    expect('}');
    String value = value(name, operator);
    return switch (operator) {
      case "//" -> value.replace(pattern, replacement);
      case "/#" ->
          value.startsWith(pattern) ? replacement + value.substring(pattern.length()) : value;
      case "/%" ->
          value.endsWith(pattern)
              ? value.substring(0, value.length() - pattern.length()) + replacement
              : value;
      default -> {
        int at = value.indexOf(pattern);
        yield at < 0
            ? value
            : value.substring(0, at) + replacement + value.substring(at + pattern.length());
      }
    };
  }

  private String remove(String name, char c) {
    int n = peek(1) == c ? 2 : 1;
    pos += n;
    if (peek(0) == '}') {
      throw new EnvsubstException("unable to parse substitution within function");
    }
    String pattern = params(c1 -> c1 != '}');
    expect('}');
    String value = value(name, String.valueOf(c).repeat(n));
    return Expansions.trim(value, pattern, c == '#', n == 2);
  }

  /** Text and nested {@code ${...}} up to the first character {@code accept} rejects. */
  private String params(java.util.function.IntPredicate accept) {
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '$' && peek(1) == '{') {
        pos += 2;
        out.append(expression());
      } else if (accept.test(c)) {
        out.append(c);
        pos++;
      } else {
        break;
      }
    }
    return out.toString();
  }

  /** As {@link #params} with {@code \/} and {@code \\} escapes (replace patterns). */
  private String escapedParams(java.util.function.IntPredicate accept) {
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && (peek(1) == '/' || peek(1) == '\\')) {
        out.append(peek(1));
        pos += 2;
      } else if (c == '$' && peek(1) == '{') {
        pos += 2;
        out.append(expression());
      } else if (accept.test(c)) {
        out.append(c);
        pos++;
      } else {
        break;
      }
    }
    return out.toString();
  }

  private String name() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (pos == start) {
      throw new EnvsubstException("unable to parse variable name");
    }
    return text.substring(start, pos);
  }

  private String value(String name, String operator) {
    Optional<String> value = lookup.apply(name);
    if (value.isEmpty() && strict && !isDefaultOperator(operator)) {
      throw new EnvsubstException("variable not set (strict mode): \"" + name + "\"");
    }
    return value.orElse("");
  }

  private static boolean isDefaultOperator(String operator) {
    return List.of("-", "+", "=", "?", ":-", ":+", ":=", ":?").contains(operator);
  }

  private void expect(char c) {
    if (peek(0) != c) {
      throw new EnvsubstException("bad substitution");
    }
    pos++;
  }

  private char peek(int ahead) {
    int at = pos + ahead;
    return at < text.length() ? text.charAt(at) : '\0';
  }
}
