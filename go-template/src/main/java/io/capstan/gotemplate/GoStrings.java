package io.capstan.gotemplate;

/** Go string literal handling: strconv.Unquote and strconv.Quote. */
final class GoStrings {
  private GoStrings() {}

  /** strconv.Unquote for "...", `...` and '...' literals. */
  static String unquote(String s) {
    int n = s.length();
    if (n < 2) {
      throw new IllegalArgumentException("invalid syntax");
    }
    char q = s.charAt(0);
    if (q != s.charAt(n - 1)) {
      throw new IllegalArgumentException("invalid syntax");
    }
    String body = s.substring(1, n - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      return body.indexOf('\r') >= 0 ? body.replace("\r", "") : body;
    }
    if (q != '"' && q != '\'') {
      throw new IllegalArgumentException("invalid syntax");
    }
    if (body.indexOf('\\') < 0 && body.indexOf(q) < 0 && body.indexOf('\n') < 0) {
      if (q == '"') {
        return body;
      }
      if (body.codePointCount(0, body.length()) == 1) {
        return body;
      }
    }
    StringBuilder sb = new StringBuilder(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == q && q == '\'') {
        throw new IllegalArgumentException("invalid syntax");
      }
      if (c == '\n') {
        throw new IllegalArgumentException("invalid syntax");
      }
      if (c != '\\') {
        sb.append(c);
        i++;
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a':
          sb.append('\u0007');
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'v':
          sb.append('\u000b');
          break;
        case '\\':
          sb.append('\\');
          break;
        case '\'':
        case '"':
          if (e != q) {
            throw new IllegalArgumentException("invalid syntax");
          }
          sb.append(e);
          break;
        case 'x':
        case 'u':
        case 'U':
          {
            int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            if (i + len > body.length()) {
              throw new IllegalArgumentException("invalid syntax");
            }
            int v = Integer.parseUnsignedInt(body.substring(i, i + len), 16);
            i += len;
            if (e == 'x') {
              sb.append((char) v); // a byte; Latin-1 approximation of Go's raw byte
            } else {
              sb.appendCodePoint(v);
            }
            break;
          }
        default:
          if (e >= '0' && e <= '7') {
            if (i + 2 > body.length()) {
              throw new IllegalArgumentException("invalid syntax");
            }
            int v = Integer.parseInt(body.substring(i - 1, i + 2), 8);
            i += 2;
            sb.append((char) v);
            break;
          }
          throw new IllegalArgumentException("invalid syntax");
      }
    }
    String r = sb.toString();
    if (q == '\'' && r.codePointCount(0, r.length()) != 1) {
      throw new IllegalArgumentException("invalid syntax");
    }
    return r;
  }

  /** Go's unicode.IsPrint. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.UNASSIGNED:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** strconv.Quote (ascii=false) or QuoteToASCII (ascii=true). */
  static String quote(String s, char q, boolean ascii) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append(q);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendEscaped(sb, cp, q, ascii);
    }
    sb.append(q);
    return sb.toString();
  }

  static void appendEscaped(StringBuilder sb, int r, char q, boolean ascii) {
    if (r == q || r == '\\') {
      sb.append('\\').appendCodePoint(r);
      return;
    }
    if (ascii ? (r < 0x80 && isPrint(r)) : isPrint(r)) {
      sb.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 7:
        sb.append("\\a");
        return;
      case '\b':
        sb.append("\\b");
        return;
      case '\f':
        sb.append("\\f");
        return;
      case '\n':
        sb.append("\\n");
        return;
      case '\r':
        sb.append("\\r");
        return;
      case '\t':
        sb.append("\\t");
        return;
      case 11:
        sb.append("\\v");
        return;
      default:
        break;
    }
    if (r < ' ' || r == 0x7f) {
      sb.append("\\x")
          .append(Character.forDigit(r >> 4, 16))
          .append(Character.forDigit(r & 15, 16));
    } else if (r >= 0xD800 && r <= 0xDFFF) {
      sb.append("\\ufffd");
    } else if (r < 0x10000) {
      sb.append("\\u").append(String.format("%04x", r));
    } else {
      sb.append("\\U").append(String.format("%08x", r));
    }
  }
}
