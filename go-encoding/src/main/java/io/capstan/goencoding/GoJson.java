package io.capstan.goencoding;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code encoding/json} output in one place: {@code json.Marshal}, {@code json.MarshalIndent}
 * and a {@code json.Encoder}'s {@code Encode} (trailing new line, {@code SetEscapeHTML}), over Java
 * maps, lists, scalars and Jackson trees. The rules are {@link GoJsonWriter}'s; use the writer
 * directly to write a Go struct field by field.
 */
public final class GoJson {
  private GoJson() {}

  /** A value Go refuses to encode ({@code UnsupportedValueError}, {@code UnsupportedTypeError}). */
  public static final class UnsupportedValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error with Go's message ({@code json: unsupported value: NaN}, ...). */
    public UnsupportedValueException(String message) {
      super(message);
    }
  }

  /** {@code json.Marshal(v)}: compact, HTML escaping on. */
  public static String marshal(Object v) {
    return marshal(v, true);
  }

  /**
   * {@code json.Marshal(v)} with HTML escaping on, or a {@code json.Encoder} with {@code
   * SetEscapeHTML(false)} without its trailing new line.
   */
  public static String marshal(Object v, boolean escapeHtml) {
    return new GoJsonWriter(new StringBuilder()).escapeHtml(escapeHtml).value(v).out().toString();
  }

  /** {@code json.Marshal(v)} as UTF-8 bytes. */
  public static byte[] marshalBytes(Object v) {
    return marshal(v).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code json.MarshalIndent(v, prefix, indent)} (HTML escaping as {@code escapeHtml}). */
  public static String marshalIndent(Object v, String prefix, String indent, boolean escapeHtml) {
    return new GoJsonWriter(new StringBuilder())
        .escapeHtml(escapeHtml)
        .indent(prefix, indent)
        .value(v)
        .out()
        .toString();
  }

  /** {@code json.NewEncoder(w).Encode(v)}: {@code json.Marshal(v)} and a new line. */
  public static String encode(Object v) {
    return new GoJsonWriter(new StringBuilder()).value(v).out().append('\n').toString();
  }

  /** {@code s} as a JSON string, as Go quotes it. */
  public static String quote(String s, boolean escapeHtml) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    GoJsonWriter.quote(sb, s, escapeHtml);
    return sb.toString();
  }

  /** Go's string order: by UTF-8 bytes, which is code point order. */
  public static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
