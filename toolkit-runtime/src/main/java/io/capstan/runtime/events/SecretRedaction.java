package io.capstan.runtime.events;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrubs secrets out of text that ends up in events and conditions: credentials in URLs ({@code
 * https://user:pass@host} → {@code https://***@host}), secret-looking query parameters ({@code
 * ?token=...}, {@code X-Amz-Signature=...}), {@code Authorization} header values, {@code
 * password=...}-style pairs, and any literal secret value the caller knows about.
 */
public final class SecretRedaction {

  /** What replaces a secret. */
  public static final String MASK = "***";

  private static final List<Rule> RULES =
      List.of(
          new Rule(Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s@?#]+@"), "$1" + MASK + "@"),
          new Rule(
              Pattern.compile(
                  "(?i)([?&](?:access_token|token|password|passwd|secret|sig|signature"
                      + "|x-amz-signature|x-amz-credential|x-amz-security-token|api_key|apikey"
                      + "|key)=)[^&\\s\"']+"),
              "$1" + MASK),
          new Rule(
              Pattern.compile("(?i)(authorization:\\s*(?:bearer|basic|token)\\s+)[^\\s\"']+"),
              "$1" + MASK),
          new Rule(
              Pattern.compile("(?i)\\b(password|passwd|secret|token)=[^\\s&\"',;]+"),
              "$1=" + MASK));

  private record Rule(Pattern pattern, String replacement) {}

  private SecretRedaction() {}

  /** {@code text} with the well-known secret shapes masked; {@code null} stays {@code null}. */
  public static String redact(String text) {
    return redact(text, List.of());
  }

  /**
   * {@code text} with the well-known secret shapes and every occurrence of {@code secretValues}
   * masked (longest value first, so a value containing another is masked whole).
   */
  public static String redact(String text, Collection<String> secretValues) {
    if (text == null) {
      return null;
    }
    String out = text;
    List<String> literals =
        secretValues.stream()
            .filter(v -> v != null && !v.isEmpty())
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    for (String literal : literals) {
      out = out.replace(literal, MASK);
    }
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(out);
      out = m.replaceAll(rule.replacement());
    }
    return out;
  }
}
