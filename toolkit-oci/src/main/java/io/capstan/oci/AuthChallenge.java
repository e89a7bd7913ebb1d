package io.capstan.oci;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code WWW-Authenticate} header: the scheme ({@code basic} or {@code bearer}, lower
 * case) and its parameters ({@code realm}, {@code service}, {@code scope}, ...).
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

  /** Parses one challenge; quoted values may hold commas. Empty when the header is unusable. */
  public static Optional<AuthChallenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String h = header.trim();
    int sp = h.indexOf(' ');
    String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    int i = sp < 0 ? h.length() : sp + 1;
    while (i < h.length()) {
      while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
        i++;
      }
      int eq = h.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < h.length() && h.charAt(i) == '"') {
        i++;
        while (i < h.length() && h.charAt(i) != '"') {
          if (h.charAt(i) == '\\' && i + 1 < h.length()) {
            i++;
          }
          value.append(h.charAt(i++));
        }
        i++; // closing quote
      } else {
        while (i < h.length() && h.charAt(i) != ',') {
          value.append(h.charAt(i++));
        }
      }
      params.put(key, value.toString().trim());
    }
    return Optional.of(new AuthChallenge(scheme, Map.copyOf(params)));
  }

  /** A parameter or null. */
  public String param(String name) {
    return params.get(name);
  }
}
