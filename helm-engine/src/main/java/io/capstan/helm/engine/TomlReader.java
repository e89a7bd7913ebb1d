package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helm's {@code fromToml}: a TOML 1.0 document read into template values as BurntSushi/toml reads
 * it into {@code map[string]interface{}} (integers as int64, floats as float64, arrays as lists,
 * tables as maps). Errors carry BurntSushi's {@code toml: line N (last key "k"): message} form for
 * the common mistakes (duplicate keys, missing values, bad separators, unterminated strings).
 * Date-times are {@code time.Time} values as BurntSushi makes them (local ones in the zones it
 * names {@code datetime-local}, {@code date-local}, {@code time-local}).
 */
final class TomlReader {
  /** BurntSushi's location names of TOML's local date-times (Go prints them in String()). */
  static final String LOCAL_DATETIME = "datetime-local";

  static final String LOCAL_DATE = "date-local";
  static final String LOCAL_TIME = "time-local";

  /** A syntax or semantic error, with BurntSushi's message. */
  static final class TomlException extends Exception {
    TomlException(String message) {
      super(message);
    }
  }

  private final String s;
  private int pos;
  private int line = 1;
  private String lastKey = "";
  private final Map<String, Object> root = new LinkedHashMap<>();

  /** Tables defined by a header or by dotted keys, by full dotted path. */
  private final Set<String> defined = new HashSet<>();

  /** Inline tables and static arrays: closed to later additions. */
  private final Set<Object> closed =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private TomlReader(String s) {
    this.s = s;
  }

  /** {@code toml.Unmarshal(text, &map[string]interface{})}. */
  static Map<String, Object> read(String text) throws TomlException {
    TomlReader r = new TomlReader(text);
    r.document();
    return r.root;
  }

  private void document() throws TomlException {
    Map<String, Object> current = root;
    List<String> context = List.of();
    while (true) {
      skipWsCommentsNewlines();
      if (eof()) {
        return;
      }
      char c = peek();
      if (c == '[') {
        pos++;
        boolean array = !eof() && peek() == '[';
        if (array) {
          pos++;
        }
        skipWs();
        lastKey = "";
        if (!eof() && peek() == ']') {
          throw error("unexpected end of table name (table names cannot be empty)");
        }
        List<String> key = key();
        skipWs();
        if (array) {
          expect("]]", "expected end of table array name delimiter ']', but got %s instead");
        } else {
          expect("]", "expected '.' or ']' to end table name, but got %s instead");
        }
        current = array ? arrayTable(key) : headerTable(key);
        context = key;
        lastKey = String.join(".", key);
        endOfLine();
      } else {
        keyValue(current, context);
        // BurntSushi forgets the key once its value is read
        lastKey = String.join(".", context);
        endOfLine();
      }
    }
  }

  private Map<String, Object> headerTable(List<String> key) throws TomlException {
    Map<String, Object> m = root;
    for (int i = 0; i < key.size(); i++) {
      String k = key.get(i);
      Object o = m.get(k);
      if (o == null) {
        Map<String, Object> n = new LinkedHashMap<>();
        m.put(k, n);
        m = n;
      } else if (o instanceof Map<?, ?> existing && !closed.contains(o)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) existing;
        m = e;
      } else if (o instanceof List<?> l
          && i < key.size() - 1
          && !l.isEmpty()
          && !closed.contains(o)
          && l.get(l.size() - 1) instanceof Map<?, ?> last) {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) last;
        m = e;
      } else {
        throw error(
            "Key '" + String.join(".", key.subList(0, i + 1)) + "' has already been defined.");
      }
    }
    String full = String.join("\u0000", key);
    if (!defined.add(full)) {
      throw error("Key '" + String.join(".", key) + "' has already been defined.");
    }
    return m;
  }

  private Map<String, Object> arrayTable(List<String> key) throws TomlException {
    Map<String, Object> parent =
        key.size() == 1 ? root : headerPath(key.subList(0, key.size() - 1));
    String k = key.get(key.size() - 1);
    Object o = parent.get(k);
    List<Object> list;
    if (o == null) {
      list = new ArrayList<>();
      parent.put(k, list);
    } else if (o instanceof List<?> l && !closed.contains(o)) {
      @SuppressWarnings("unchecked")
      List<Object> e = (List<Object>) l;
      list = e;
    } else {
      throw error(
          "Key '"
              + String.join(".", key)
              + "' was already created and cannot be used as an array.");
    }
    Map<String, Object> n = new LinkedHashMap<>();
    list.add(n);
    // sub-tables of the previous element may be defined again under the new one
    String prefix = String.join("\u0000", key) + "\u0000";
    defined.removeIf(d -> d.startsWith(prefix));
    return n;
  }

  /** The table at a dotted path, created implicitly, following arrays of tables to their last. */
  private Map<String, Object> headerPath(List<String> key) throws TomlException {
    Map<String, Object> m = root;
    for (int i = 0; i < key.size(); i++) {
      Object o = m.get(key.get(i));
      if (o == null) {
        Map<String, Object> n = new LinkedHashMap<>();
        m.put(key.get(i), n);
        m = n;
      } else if (o instanceof Map<?, ?> e && !closed.contains(o)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) e;
        m = x;
      } else if (o instanceof List<?> l
          && !closed.contains(o)
          && !l.isEmpty()
          && l.get(l.size() - 1) instanceof Map<?, ?> last) {
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) last;
        m = x;
      } else {
        throw error(
            "Key '" + String.join(".", key.subList(0, i + 1)) + "' was already created as a hash.");
      }
    }
    return m;
  }

  private void keyValue(Map<String, Object> table, List<String> context) throws TomlException {
    char c = peek();
    if (c == '=') {
      throw error("unexpected '=': key name appears blank");
    }
    if (c == '.') {
      throw error("unexpected '.': keys cannot start with a '.'");
    }
    List<String> key = key();
    List<String> full = new ArrayList<>(context);
    full.addAll(key);
    lastKey = String.join(".", full);
    skipWs();
    if (eof()) {
      throw error("unexpected EOF; expected key separator '='");
    }
    if (peek() != '=') {
      throw error("expected '.' or '=', but got " + goQuoteRune(peek()) + " instead");
    }
    pos++;
    skipWs();
    Map<String, Object> m = table;
    for (int i = 0; i < key.size() - 1; i++) {
      Object o = m.get(key.get(i));
      if (o == null) {
        Map<String, Object> n = new LinkedHashMap<>();
        m.put(key.get(i), n);
        m = n;
      } else if (o instanceof Map<?, ?> e && !closed.contains(o)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) e;
        m = x;
      } else {
        throw error("Key '" + lastKey + "' has already been defined.");
      }
    }
    String k = key.get(key.size() - 1);
    if (m.containsKey(k)) {
      throw error("Key '" + lastKey + "' has already been defined.");
    }
    m.put(k, value());
  }

  private List<String> key() throws TomlException {
    List<String> parts = new ArrayList<>();
    while (true) {
      skipWs();
      if (eof()) {
        throw error("unexpected EOF");
      }
      char c = peek();
      if (c == '"') {
        parts.add(basicString());
      } else if (c == '\'') {
        parts.add(literalString());
      } else {
        int start = pos;
        while (!eof() && isBare(peek())) {
          pos++;
        }
        if (start == pos) {
          throw error("expected value but found " + goQuoteRune(c) + " instead");
        }
        parts.add(s.substring(start, pos));
      }
      skipWs();
      if (!eof() && peek() == '.') {
        pos++;
        continue;
      }
      return parts;
    }
  }

  private Object value() throws TomlException {
    if (eof()) {
      throw error("unexpected EOF; expected value");
    }
    char c = peek();
    switch (c) {
      case '"' -> {
        return s.startsWith("\"\"\"", pos) ? multilineBasic() : basicString();
      }
      case '\'' -> {
        return s.startsWith("'''", pos) ? multilineLiteral() : literalString();
      }
      case '[' -> {
        return array();
      }
      case '{' -> {
        return inlineTable();
      }
      case 't', 'f' -> {
        if (s.startsWith("true", pos) && boundary(pos + 4)) {
          pos += 4;
          return true;
        }
        if (s.startsWith("false", pos) && boundary(pos + 5)) {
          pos += 5;
          return false;
        }
      }
      default -> {}
    }
    int start = pos;
    while (!eof() && (Character.isLetterOrDigit(peek()) || "+-._:".indexOf(peek()) >= 0)) {
      pos++;
    }
    // a date-time may hold one space between date and time
    if (pos - start == 10
        && !eof()
        && peek() == ' '
        && pos + 1 < s.length()
        && Character.isDigit(s.charAt(pos + 1))
        && s.charAt(start + 4) == '-') {
      pos++;
      while (!eof() && (Character.isLetterOrDigit(peek()) || "+-.:".indexOf(peek()) >= 0)) {
        pos++;
      }
    }
    String tok = s.substring(start, pos);
    if (tok.isEmpty()) {
      throw error("expected value but found " + goQuoteRune(c) + " instead");
    }
    return scalar(tok);
  }

  private Object scalar(String tok) throws TomlException {
    switch (tok) {
      case "inf", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      default -> {}
    }
    java.util.regex.Matcher dt =
        java.util.regex.Pattern.compile(
                "(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2}))?(?:\\.(\\d+))?([Zz]|[+-]\\d{2}:\\d{2})?)?")
            .matcher(tok);
    java.util.regex.Matcher lt =
        java.util.regex.Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2}))?(?:\\.(\\d+))?")
            .matcher(tok);
    try {
      if (dt.matches()) {
        return dateTime(dt);
      }
      if (lt.matches()) {
        java.time.LocalDateTime wall =
            java.time.LocalDateTime.of(
                0,
                1,
                1,
                Integer.parseInt(lt.group(1)),
                Integer.parseInt(lt.group(2)),
                lt.group(3) == null ? 0 : Integer.parseInt(lt.group(3)),
                nanos(lt.group(4)));
        return io.capstan.gotemplate.GoTime.of(wall.atZone(java.time.ZoneOffset.UTC), LOCAL_TIME);
      }
    } catch (java.time.DateTimeException e) {
      throw error("invalid datetime: \"" + tok + "\"");
    }
    if (tok.startsWith(".") || tok.startsWith("+.") || tok.startsWith("-.")) {
      throw error("floats must start with a digit, not '.'");
    }
    String body = tok.startsWith("+") || tok.startsWith("-") ? tok.substring(1) : tok;
    if (body.matches("0[xob][0-9A-Fa-f_]+")) {
      if (body != tok) {
        throw error("cannot use sign with non-decimal numbers: '" + tok.substring(0, 3) + "'");
      }
      int radix = body.charAt(1) == 'x' ? 16 : body.charAt(1) == 'o' ? 8 : 2;
      String digits = body.substring(2);
      if (digits.startsWith("_")) {
        String what = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary";
        throw error("not a " + what + " number: '" + tok.substring(0, 3) + "'");
      }
      if (!validUnderscores(digits)) {
        throw error("invalid integer: '" + tok + "'");
      }
      try {
        return Long.parseLong(digits.replace("_", ""), radix);
      } catch (NumberFormatException e) {
        throw error("integer overflow: '" + tok + "'");
      }
    }
    if (body.matches("(0|[1-9](_?\\d)*)")) {
      try {
        return Long.parseLong(tok.replace("_", ""));
      } catch (NumberFormatException e) {
        throw error("integer overflow: '" + tok + "'");
      }
    }
    if (body.matches("(0|[1-9](_?\\d)*)(\\.\\d(_?\\d)*)?([eE][+-]?\\d(_?\\d)*)?")) {
      return Double.parseDouble(tok.replace("_", ""));
    }
    if (body.matches("\\d[\\d_]*")) {
      throw error("invalid integer: '" + tok + "'");
    }
    if (Character.isDigit(body.isEmpty() ? 'x' : body.charAt(0))) {
      throw error("invalid float: '" + tok + "'");
    }
    throw error("expected value but found " + io.capstan.gotemplate.GoFmt.quote(tok) + " instead");
  }

  /** A TOML date-time as BurntSushi gives it: a time.Time, local kinds in named UTC zones. */
  private static Object dateTime(java.util.regex.Matcher m) {
    int y = Integer.parseInt(m.group(1));
    int mo = Integer.parseInt(m.group(2));
    int d = Integer.parseInt(m.group(3));
    if (m.group(4) == null) {
      return io.capstan.gotemplate.GoTime.of(
          java.time.LocalDate.of(y, mo, d).atStartOfDay(java.time.ZoneOffset.UTC), LOCAL_DATE);
    }
    java.time.LocalDateTime wall =
        java.time.LocalDateTime.of(
            y,
            mo,
            d,
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(5)),
            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
            nanos(m.group(7)));
    String zone = m.group(8);
    if (zone == null) {
      return io.capstan.gotemplate.GoTime.of(wall.atZone(java.time.ZoneOffset.UTC), LOCAL_DATETIME);
    }
    if (zone.equalsIgnoreCase("z")) {
      return io.capstan.gotemplate.GoTime.of(wall.atZone(java.time.ZoneOffset.UTC), "UTC");
    }
    return io.capstan.gotemplate.GoTime.of(
        wall.atOffset(java.time.ZoneOffset.of(zone)).toZonedDateTime(), "");
  }

  private static int nanos(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String f = (fraction + "000000000").substring(0, 9);
    return Integer.parseInt(f);
  }

  private static boolean validUnderscores(String d) {
    return !d.startsWith("_") && !d.endsWith("_") && !d.contains("__");
  }

  private List<Object> array() throws TomlException {
    pos++;
    List<Object> l = new ArrayList<>();
    while (true) {
      skipWsCommentsNewlines();
      if (eof()) {
        throw error("unexpected EOF; expected value");
      }
      if (peek() == ']') {
        pos++;
        closed.add(l);
        return l;
      }
      if (peek() == ',') {
        throw error("unexpected comma");
      }
      l.add(value());
      skipWsCommentsNewlines();
      if (eof()) {
        throw error("expected a comma (',') or array terminator (']'), but got EOF");
      }
      if (peek() == ',') {
        pos++;
      } else if (peek() != ']') {
        throw error(
            "expected a comma (',') or array terminator (']'), but got " + goQuoteRune(peek()));
      }
    }
  }

  private Map<String, Object> inlineTable() throws TomlException {
    pos++;
    Map<String, Object> m = new LinkedHashMap<>();
    String saved = lastKey;
    skipWs();
    if (!eof() && peek() == '}') {
      pos++;
      closed.add(m);
      return m;
    }
    while (true) {
      skipWs();
      if (eof()) {
        throw error("unexpected EOF");
      }
      if (peek() == ',') {
        throw error("unexpected comma");
      }
      keyValue(m, List.of());
      skipWs();
      if (eof()) {
        throw error("expected a comma or an inline table terminator '}', but got EOF instead");
      }
      if (peek() == '}') {
        pos++;
        closed.add(m);
        lastKey = saved;
        return m;
      }
      if (peek() != ',') {
        throw error(
            "expected a comma or an inline table terminator '}', but got "
                + goQuoteRune(peek())
                + " instead");
      }
      pos++;
      skipWs();
      if (!eof() && peek() == '}') {
        // BurntSushi v1.6 accepts a trailing comma (TOML 1.1)
        pos++;
        closed.add(m);
        lastKey = saved;
        return m;
      }
    }
  }

  private String basicString() throws TomlException {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (eof() || peek() == '\n') {
        throw error("unexpected EOF; expected '\"'");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        escape(sb);
      } else {
        sb.append(c);
      }
    }
  }

  private String multilineBasic() throws TomlException {
    pos += 3;
    if (s.startsWith("\r\n", pos)) {
      pos += 2;
    } else if (s.startsWith("\n", pos)) {
      pos++;
      line++;
    }
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (eof()) {
        throw error("unexpected EOF; expected '\"\"\"'");
      }
      if (s.startsWith("\"\"\"", pos)) {
        int q = 3;
        while (q < 5 && s.startsWith("\"", pos + q)) {
          q++;
        }
        sb.append("\"".repeat(q - 3));
        pos += q;
        return sb.toString();
      }
      char c = s.charAt(pos++);
      if (c == '\n') {
        line++;
      }
      if (c == '\\') {
        int p = pos;
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
          p++;
        }
        if (p < s.length() && (s.charAt(p) == '\n' || s.charAt(p) == '\r')) {
          pos = p;
          while (!eof() && Character.isWhitespace(peek())) {
            if (peek() == '\n') {
              line++;
            }
            pos++;
          }
          continue;
        }
        escape(sb);
      } else {
        sb.append(c);
      }
    }
  }

  private void escape(StringBuilder sb) throws TomlException {
    if (eof()) {
      throw error("unexpected EOF; expected '\"'");
    }
    char e = s.charAt(pos++);
    switch (e) {
      case 'b' -> sb.append('\b');
      case 't' -> sb.append('\t');
      case 'n' -> sb.append('\n');
      case 'f' -> sb.append('\f');
      case 'r' -> sb.append('\r');
      case 'e' -> sb.append('\u001b');
      case '"' -> sb.append('"');
      case '\\' -> sb.append('\\');
      case 'x' -> sb.appendCodePoint(hex(2, "two", "\\x"));
      case 'u' -> sb.appendCodePoint(hex(4, "four", "\\u"));
      case 'U' -> sb.appendCodePoint(hex(8, "eight", "\\U"));
      default ->
          throw error(
              "invalid escape character "
                  + goQuoteRune(e)
                  + "; only the following escape characters are allowed: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\x, \\u, \\U, \\e");
    }
  }

  private int hex(int n, String word, String esc) throws TomlException {
    if (pos + n > s.length() || !s.substring(pos, pos + n).matches("[0-9A-Fa-f]+")) {
      String got = s.substring(pos, Math.min(s.length(), pos + n));
      throw error(
          "expected "
              + word
              + " hexadecimal digits after '"
              + esc
              + "', but got "
              + io.capstan.gotemplate.GoFmt.quote(got)
              + " instead");
    }
    int v = (int) Long.parseLong(s.substring(pos, pos + n), 16);
    pos += n;
    return v;
  }

  private String literalString() throws TomlException {
    pos++;
    int start = pos;
    while (!eof() && peek() != '\'' && peek() != '\n') {
      pos++;
    }
    if (eof() || peek() == '\n') {
      throw error("unexpected EOF; expected \"'\"");
    }
    String r = s.substring(start, pos);
    pos++;
    return r;
  }

  private String multilineLiteral() throws TomlException {
    pos += 3;
    if (s.startsWith("\r\n", pos)) {
      pos += 2;
    } else if (s.startsWith("\n", pos)) {
      pos++;
      line++;
    }
    int end = s.indexOf("'''", pos);
    if (end < 0) {
      throw error("unexpected EOF; expected \"'''\"");
    }
    int q = 3;
    while (q < 5 && s.startsWith("'", end + q)) {
      q++;
    }
    String r = s.substring(pos, end) + "'".repeat(q - 3);
    line += (int) r.chars().filter(ch -> ch == '\n').count();
    pos = end + q;
    return r;
  }

  private void endOfLine() throws TomlException {
    skipWs();
    if (eof()) {
      return;
    }
    char c = peek();
    if (c == '#') {
      while (!eof() && peek() != '\n') {
        pos++;
      }
      return;
    }
    if (c == '\n' || (c == '\r' && s.startsWith("\r\n", pos))) {
      return;
    }
    throw error(
        "expected a top-level item to end with a newline, comment, or EOF, but got "
            + goQuoteRune(c)
            + " instead");
  }

  private void expect(String text, String format) throws TomlException {
    if (!s.startsWith(text, pos)) {
      String got = eof() ? "EOF" : goQuoteRune(peek());
      throw error(String.format(format, got));
    }
    pos += text.length();
  }

  private void skipWs() {
    while (!eof() && (peek() == ' ' || peek() == '\t')) {
      pos++;
    }
  }

  private void skipWsCommentsNewlines() {
    while (!eof()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '\n') {
        line++;
        pos++;
      } else if (c == '#') {
        while (!eof() && peek() != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private boolean boundary(int p) {
    return p >= s.length() || !(Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_');
  }

  private static boolean isBare(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  private boolean eof() {
    return pos >= s.length();
  }

  private char peek() {
    return s.charAt(pos);
  }

  private static String goQuoteRune(char c) {
    return switch (c) {
      case '\n' -> "'\\n'";
      case '\t' -> "'\\t'";
      case '\r' -> "'\\r'";
      case '\'' -> "'\\''";
      case '\\' -> "'\\\\'";
      default -> "'" + c + "'";
    };
  }

  private TomlException error(String message) {
    if (lastKey.isEmpty()) {
      return new TomlException("toml: line " + line + ": " + message);
    }
    return new TomlException(
        "toml: line "
            + line
            + " (last key "
            + io.capstan.gotemplate.GoFmt.quote(lastKey)
            + "): "
            + message);
  }
}
