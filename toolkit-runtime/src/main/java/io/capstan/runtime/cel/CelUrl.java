package io.capstan.runtime.cel;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A URL as the CEL {@code kubernetes.URL} type holds it: accepted when Go's {@code
 * url.ParseRequestURI} accepts it (an absolute URL, or an absolute path), split the way Go's {@code
 * url.URL} splits it (the fragment is not split off, as in a request URI).
 */
public record CelUrl(String scheme, String host, String path, String rawQuery) {

  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");

  /**
   * Parses {@code text} as Go's {@code url.ParseRequestURI}.
   *
   * @throws IllegalArgumentException "URL parse error during conversion from string: parse ..."
   */
  public static CelUrl parse(String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(
          "URL parse error during conversion from string: parse \"" + text + "\": " + problem);
    }
    return split(text);
  }

  /** Whether {@code text} is a URL or absolute path Go's {@code url.ParseRequestURI} accepts. */
  public static boolean isUrl(String text) {
    return problem(text) == null;
  }

  private static String problem(String text) {
    if (text.isEmpty()) {
      return "empty url";
    }
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        return "net/url: invalid control character in URL";
      }
    }
    int colon = text.indexOf(':');
    String rest = text;
    if (colon > 0 && SCHEME.matcher(text.substring(0, colon)).matches()) {
      rest = text.substring(colon + 1);
    } else if (colon == 0) {
      return "missing protocol scheme";
    } else if (!text.startsWith("/")) {
      return "invalid URI for request";
    } else {
      return null;
    }
    String withoutQuery = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
    if (withoutQuery.startsWith("//")) {
      String authority = withoutQuery.substring(2);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        authority = authority.substring(0, slash);
      }
      String host = authority.substring(authority.lastIndexOf('@') + 1);
      String colonPort = "";
      if (host.startsWith("[")) {
        int close = host.lastIndexOf(']');
        if (close < 0) {
          return "missing ']' in host";
        }
        colonPort = host.substring(close + 1);
      } else if (host.lastIndexOf(':') >= 0) {
        colonPort = host.substring(host.lastIndexOf(':'));
      }
      if (!colonPort.isEmpty() && !validOptionalPort(colonPort)) {
        return "invalid port \"" + colonPort + "\" after host";
      }
    }
    return null;
  }

  private static CelUrl split(String text) {
    String scheme = "";
    String rest = text;
    int colon = text.indexOf(':');
    if (colon > 0 && SCHEME.matcher(text.substring(0, colon)).matches() && !text.startsWith("/")) {
      scheme = text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      rest = text.substring(colon + 1);
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String host = "";
    if (rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      rest = slash >= 0 ? authority.substring(slash) : "";
      authority = slash >= 0 ? authority.substring(0, slash) : authority;
      host = authority.substring(authority.lastIndexOf('@') + 1);
    } else if (!scheme.isEmpty() && !rest.startsWith("/")) {
      rest = ""; // opaque (mailto:x): no path in Go's url.URL
    }
    return new CelUrl(scheme, host, rest, query);
  }

  /** The host with its port, as written ({@code example.com:80}, {@code [::1]:80}). */
  public String getHost() {
    return host;
  }

  /** The host without port and without the brackets of an IPv6 literal (Go's Hostname). */
  public String getHostname() {
    String name = host;
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(host.substring(colon))) {
      name = host.substring(0, colon);
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      return name.substring(1, name.length() - 1);
    }
    return name;
  }

  /** The port as written, "" when there is none (Go's Port). */
  public String getPort() {
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && validOptionalPort(host.substring(colon))) {
      return host.substring(colon + 1);
    }
    return "";
  }

  private static boolean validOptionalPort(String port) {
    return port.startsWith(":") && port.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The path as written (percent-escapes kept). */
  public String getEscapedPath() {
    return path;
  }

  /** The query parameters, decoded, each with all its values in order. */
  public Map<String, List<String>> getQuery() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty() || pair.contains(";")) {
        continue; // Go's url.ParseQuery drops these
      }
      int eq = pair.indexOf('=');
      String key = eq >= 0 ? pair.substring(0, eq) : pair;
      String value = eq >= 0 ? pair.substring(eq + 1) : "";
      try {
        params.computeIfAbsent(decode(key), k -> new ArrayList<>()).add(decode(value));
      } catch (IllegalArgumentException badEscape) {
        // Go drops a pair with an invalid escape as well
      }
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
