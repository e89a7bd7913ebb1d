package io.capstan.gotemplate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's fmt package (Sprint, Sprintln, Sprintf) over template values, and strconv float formatting.
 */
public final class GoFmt {
  private boolean plus;
  private boolean minus;
  private boolean sharp;
  private boolean space;
  private boolean zero;
  private boolean plusV;
  private boolean sharpV;
  private int wid;
  private int prec;
  private boolean widPresent;
  private boolean precPresent;
  private final StringBuilder buf = new StringBuilder();

  private GoFmt() {}

  private void clearFlags() {
    plus = minus = sharp = space = zero = plusV = sharpV = false;
    wid = prec = 0;
    widPresent = precPresent = false;
  }

  /** strconv.Quote. */
  public static String quote(String s) {
    return GoStrings.quote(s, '"', false);
  }

  /** fmt.Sprint: operands formatted with %v, spaces between operands when neither is a string. */
  public static String sprint(List<?> args) {
    GoFmt p = new GoFmt();
    boolean prevString = false;
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      boolean isString = a instanceof String;
      if (i > 0 && !isString && !prevString) {
        p.buf.append(' ');
      }
      p.printArg(a, 'v');
      prevString = isString;
    }
    return p.buf.toString();
  }

  /** fmt.Sprintln: operands separated by spaces, newline appended. */
  public static String sprintln(List<?> args) {
    GoFmt p = new GoFmt();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        p.buf.append(' ');
      }
      p.printArg(args.get(i), 'v');
    }
    p.buf.append('\n');
    return p.buf.toString();
  }

  /** fmt.Sprint of one value (how a template prints a pipeline's value). */
  public static String toString(Object v) {
    if (v instanceof String) {
      return (String) v;
    }
    GoFmt p = new GoFmt();
    p.printArg(v, 'v');
    return p.buf.toString();
  }

  /** fmt.Sprintf. */
  public static String sprintf(String format, List<?> a) {
    GoFmt p = new GoFmt();
    p.doPrintf(format, a);
    return p.buf.toString();
  }

  private boolean reordered;
  private boolean goodArgNum;

  private void doPrintf(String format, List<?> a) {
    int end = format.length();
    int argNum = 0;
    boolean afterIndex;
    reordered = false;
    int i = 0;
    while (i < end) {
      goodArgNum = true;
      int lasti = i;
      while (i < end && format.charAt(i) != '%') {
        i++;
      }
      if (i > lasti) {
        buf.append(format, lasti, i);
      }
      if (i >= end) {
        break;
      }
      i++;
      clearFlags();
      flags:
      for (; i < end; i++) {
        char c = format.charAt(i);
        switch (c) {
          case '#':
            sharp = true;
            break;
          case '0':
            zero = !minus;
            break;
          case '+':
            plus = true;
            break;
          case '-':
            minus = true;
            zero = false;
            break;
          case ' ':
            space = true;
            break;
          default:
            break flags;
        }
      }
      int[] an = argNumber(argNum, format, i, a.size());
      argNum = an[0];
      i = an[1];
      afterIndex = an[2] == 1;
      if (i < end && format.charAt(i) == '*') {
        i++;
        Integer w = intFromArg(a, argNum);
        argNum++;
        if (w == null) {
          widPresent = false;
          buf.append("%!(BADWIDTH)");
        } else {
          wid = w;
          widPresent = true;
          if (wid < 0) {
            wid = -wid;
            minus = true;
            zero = false;
          }
        }
        afterIndex = false;
      } else {
        int st = i;
        while (i < end && Character.isDigit(format.charAt(i))) {
          i++;
        }
        if (i > st) {
          wid = Integer.parseInt(format.substring(st, Math.min(i, st + 7)));
          widPresent = true;
          if (afterIndex) {
            goodArgNum = false;
          }
        }
      }
      if (i + 1 <= end - 1 + 1 && i < end && format.charAt(i) == '.' && i + 1 <= end) {
        i++;
        if (afterIndex) {
          goodArgNum = false;
        }
        an = argNumber(argNum, format, i, a.size());
        argNum = an[0];
        i = an[1];
        afterIndex = an[2] == 1;
        if (i < end && format.charAt(i) == '*') {
          i++;
          Integer pr = intFromArg(a, argNum);
          argNum++;
          if (pr == null || pr < 0) {
            prec = 0;
            precPresent = false;
            if (pr == null) {
              buf.append("%!(BADPREC)");
            }
          } else {
            prec = pr;
            precPresent = true;
          }
          afterIndex = false;
        } else {
          int st = i;
          while (i < end && Character.isDigit(format.charAt(i))) {
            i++;
          }
          prec = i > st ? Integer.parseInt(format.substring(st, Math.min(i, st + 7))) : 0;
          precPresent = true;
        }
      }
      if (!afterIndex) {
        an = argNumber(argNum, format, i, a.size());
        argNum = an[0];
        i = an[1];
      }
      if (i >= end) {
        buf.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        buf.append('%');
      } else if (!goodArgNum) {
        buf.append("%!").appendCodePoint(verb).append("(BADINDEX)");
      } else if (argNum >= a.size()) {
        buf.append("%!").appendCodePoint(verb).append("(MISSING)");
      } else {
        if (verb == 'v') {
          sharpV = sharp;
          sharp = false;
          plusV = plus;
          plus = false;
        }
        printArg(a.get(argNum), verb);
        argNum++;
      }
    }
    if (!reordered && argNum < a.size()) {
      clearFlags();
      buf.append("%!(EXTRA ");
      for (int k = argNum; k < a.size(); k++) {
        if (k > argNum) {
          buf.append(", ");
        }
        Object arg = a.get(k);
        if (arg == null || arg == GoValues.NO_VALUE) {
          buf.append("<nil>");
        } else {
          buf.append(GoValues.typeName(arg)).append('=');
          printArg(arg, 'v');
        }
      }
      buf.append(')');
    }
  }

  private int[] argNumber(int argNum, String format, int i, int numArgs) {
    if (format.length() <= i || format.charAt(i) != '[') {
      return new int[] {argNum, i, 0};
    }
    reordered = true;
    int close = format.indexOf(']', i + 1);
    if (close < 0) {
      goodArgNum = false;
      return new int[] {argNum, i + 1, 0};
    }
    String n = format.substring(i + 1, close);
    int idx;
    try {
      idx = Integer.parseInt(n);
    } catch (NumberFormatException e) {
      goodArgNum = false;
      return new int[] {argNum, close + 1, 1};
    }
    if (idx >= 1 && idx <= numArgs) {
      return new int[] {idx - 1, close + 1, 1};
    }
    goodArgNum = false;
    return new int[] {argNum, close + 1, 1};
  }

  private static Integer intFromArg(List<?> a, int argNum) {
    if (argNum >= a.size()) {
      return null;
    }
    Object v = a.get(argNum);
    if (GoValues.isInt(v)) {
      long l = ((Number) v).longValue();
      if (l > 1e6 || l < -1e6) {
        return null;
      }
      return (int) l;
    }
    return null;
  }

  // ---- printing one operand

  private Object arg;

  private void printArg(Object a, int verb) {
    arg = a;
    if (a == null || a == GoValues.NO_VALUE) {
      if (verb == 'T' || verb == 'v') {
        padString("<nil>");
      } else {
        badVerb(verb);
      }
      return;
    }
    if (verb == 'T') {
      fmtS(GoValues.typeName(a));
      return;
    }
    printValue(a, verb, 0);
  }

  private void printValue(Object a, int verb, int depth) {
    arg = a;
    if (a == null || a == GoValues.NO_VALUE) {
      if (depth == 0) {
        printArg(a, verb);
      } else if (sharpV) {
        buf.append("interface {}(nil)");
      } else {
        padString("<nil>");
      }
      return;
    }
    if (a instanceof GoStringer
        && !sharpV
        && (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')) {
      // Go's handleMethods: a Stringer prints as its String() for the string verbs.
      fmtString(((GoStringer) a).goString(), verb);
    } else if (a instanceof String) {
      fmtString((String) a, verb);
    } else if (a instanceof Boolean) {
      if (verb == 't' || verb == 'v') {
        padString(a.toString());
      } else {
        badVerb(verb);
      }
    } else if (GoValues.isInt(a) || a instanceof Character) {
      fmtInteger(GoValues.toLong(a), true, verb);
    } else if (GoValues.isFloat(a)) {
      fmtFloatVerb(((Number) a).doubleValue(), a instanceof Float ? 32 : 64, verb);
    } else if (a instanceof byte[]) {
      fmtBytes((byte[]) a, verb, depth);
    } else if (a instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) a;
      if (sharpV) {
        buf.append(GoValues.typeName(a)).append('{');
      } else {
        buf.append("map[");
      }
      int i = 0;
      for (Map.Entry<?, ?> e : sorted(m)) {
        if (i++ > 0) {
          buf.append(sharpV ? ", " : " ");
        }
        printValue(e.getKey(), verb, depth + 1);
        buf.append(':');
        printValue(e.getValue(), verb, depth + 1);
      }
      buf.append(sharpV ? '}' : ']');
    } else if (a instanceof List) {
      List<?> l = (List<?>) a;
      if (sharpV) {
        buf.append(GoValues.typeName(a)).append('{');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            buf.append(", ");
          }
          printValue(l.get(i), verb, depth + 1);
        }
        buf.append('}');
        return;
      }
      buf.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          buf.append(' ');
        }
        printValue(l.get(i), verb, depth + 1);
      }
      buf.append(']');
    } else {
      String s = a.toString();
      if (verb == 'v' || verb == 's') {
        fmtS(s);
      } else if (verb == 'q') {
        fmtQ(s);
      } else {
        badVerb(verb);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Iterable<Map.Entry<?, ?>> sorted(Map<?, ?> m) {
    if (m instanceof TreeMap && ((TreeMap<?, ?>) m).comparator() == null) {
      return (Iterable) m.entrySet();
    }
    List<Map.Entry<?, ?>> es = new ArrayList<>(m.entrySet());
    es.sort((x, y) -> compareKeys(x.getKey(), y.getKey()));
    return es;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(Object a, Object b) {
    if (a instanceof String && b instanceof String) {
      return ((String) a).compareTo((String) b);
    }
    if (a instanceof Number && b instanceof Number) {
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
    if (a instanceof Comparable && a.getClass() == b.getClass()) {
      return ((Comparable) a).compareTo(b);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private void badVerb(int verb) {
    buf.append("%!").appendCodePoint(verb).append('(');
    Object a = arg;
    if (a != null && a != GoValues.NO_VALUE) {
      buf.append(GoValues.typeName(a)).append('=');
      boolean sv = sharpV;
      printArg(a, 'v');
      sharpV = sv;
    } else {
      buf.append("<nil>");
    }
    buf.append(')');
  }

  // ---- padding

  private void writePadding(int n) {
    if (n <= 0) {
      return;
    }
    char pad = zero ? '0' : ' ';
    for (int i = 0; i < n; i++) {
      buf.append(pad);
    }
  }

  private void pad(String s) {
    if (!widPresent || wid == 0) {
      buf.append(s);
      return;
    }
    int width = wid - s.codePointCount(0, s.length());
    if (!minus) {
      writePadding(width);
      buf.append(s);
    } else {
      buf.append(s);
      writePadding(width);
    }
  }

  private void padString(String s) {
    pad(s);
  }

  // ---- strings

  private String truncate(String s) {
    if (precPresent) {
      int n = prec;
      int i = 0;
      while (i < s.length()) {
        if (n == 0) {
          return s.substring(0, i);
        }
        n--;
        i += Character.charCount(s.codePointAt(i));
      }
    }
    return s;
  }

  private void fmtS(String s) {
    padString(truncate(s));
  }

  private void fmtQ(String s) {
    s = truncate(s);
    if (sharp && canBackquote(s)) {
      padString("`" + s + "`");
    } else if (plus) {
      padString(GoStrings.quote(s, '"', true));
    } else {
      padString(GoStrings.quote(s, '"', false));
    }
  }

  private static boolean canBackquote(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '`' || c == '\uFEFF' || (c < ' ' && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private void fmtString(String s, int verb) {
    switch (verb) {
      case 'v':
        if (sharpV) {
          fmtQ(s);
        } else {
          fmtS(s);
        }
        break;
      case 's':
        fmtS(s);
        break;
      case 'x':
        fmtSx(s.getBytes(StandardCharsets.UTF_8), "0123456789abcdef");
        break;
      case 'X':
        fmtSx(s.getBytes(StandardCharsets.UTF_8), "0123456789ABCDEF");
        break;
      case 'q':
        fmtQ(s);
        break;
      default:
        badVerb(verb);
    }
  }

  private void fmtSx(byte[] b, String digits) {
    int length = b.length;
    if (precPresent && prec < length) {
      length = prec;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (space && i > 0) {
        sb.append(' ');
      }
      if (sharp && (space || i == 0)) {
        sb.append(digits.charAt(10) == 'a' ? "0x" : "0X");
      }
      int v = b[i] & 0xff;
      sb.append(digits.charAt(v >> 4)).append(digits.charAt(v & 15));
    }
    padString(sb.toString());
  }

  private void fmtBytes(byte[] b, int verb, int depth) {
    switch (verb) {
      case 'v':
      case 'd':
        {
          if (sharpV) {
            StringBuilder sb = new StringBuilder("[]byte{");
            for (int i = 0; i < b.length; i++) {
              if (i > 0) {
                sb.append(", ");
              }
              sb.append("0x").append(Integer.toHexString(b[i] & 0xff));
            }
            buf.append(sb).append('}');
            return;
          }
          buf.append('[');
          for (int i = 0; i < b.length; i++) {
            if (i > 0) {
              buf.append(' ');
            }
            fmtInteger(b[i] & 0xff, false, verb);
          }
          buf.append(']');
          return;
        }
      case 's':
        fmtS(new String(b, StandardCharsets.UTF_8));
        return;
      case 'x':
        fmtSx(b, "0123456789abcdef");
        return;
      case 'X':
        fmtSx(b, "0123456789ABCDEF");
        return;
      case 'q':
        fmtQ(new String(b, StandardCharsets.UTF_8));
        return;
      default:
        buf.append('[');
        for (int i = 0; i < b.length; i++) {
          if (i > 0) {
            buf.append(' ');
          }
          fmtInteger(b[i] & 0xff, false, verb);
        }
        buf.append(']');
    }
  }

  // ---- integers

  private void fmtInteger(long v, boolean signed, int verb) {
    switch (verb) {
      case 'v':
      case 'd':
        fmtInt(v, 10, signed, verb, "0123456789abcdefx");
        break;
      case 'b':
        fmtInt(v, 2, signed, verb, "0123456789abcdefx");
        break;
      case 'o':
      case 'O':
        fmtInt(v, 8, signed, verb, "0123456789abcdefx");
        break;
      case 'x':
        fmtInt(v, 16, signed, verb, "0123456789abcdefx");
        break;
      case 'X':
        fmtInt(v, 16, signed, verb, "0123456789ABCDEFX");
        break;
      case 'c':
        padString(
            v >= 0 && v <= Character.MAX_CODE_POINT && !(v >= 0xD800 && v <= 0xDFFF)
                ? new String(Character.toChars((int) v))
                : "\uFFFD");
        break;
      case 'q':
        {
          int r = v >= 0 && v <= Character.MAX_CODE_POINT ? (int) v : 0xFFFD;
          if (sharp && r != '\'' && r < 0x10000 && GoStrings.isPrint(r) && r != '`') {
            padString("'" + new String(Character.toChars(r)) + "'");
          } else {
            StringBuilder sb = new StringBuilder("'");
            GoStrings.appendEscaped(sb, r, '\'', plus);
            padString(sb.append('\'').toString());
          }
          break;
        }
      case 'U':
        {
          String hex = Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
          int p = precPresent && prec > 4 ? prec : 4;
          StringBuilder sb = new StringBuilder("U+");
          for (int i = hex.length(); i < p; i++) {
            sb.append('0');
          }
          sb.append(hex);
          if (sharp && v >= 0 && v <= Character.MAX_CODE_POINT && GoStrings.isPrint((int) v)) {
            sb.append(" '").appendCodePoint((int) v).append('\'');
          }
          boolean z = zero;
          zero = false;
          pad(sb.toString());
          zero = z;
          break;
        }
      default:
        badVerb(verb);
    }
  }

  private void fmtInt(long u, int base, boolean signed, int verb, String digits) {
    boolean negative = signed && u < 0;
    java.math.BigInteger mag =
        negative ? java.math.BigInteger.valueOf(u).negate() : java.math.BigInteger.valueOf(u);
    if (!signed && u < 0) {
      mag = mag.add(java.math.BigInteger.ONE.shiftLeft(64));
    }
    int precision = 0;
    if (precPresent) {
      precision = prec;
      if (precision == 0 && u == 0) {
        boolean z = zero;
        zero = false;
        writePadding(wid);
        zero = z;
        return;
      }
    } else if (zero && !minus && widPresent) {
      precision = wid;
      if (negative || plus || space) {
        precision--;
      }
    }
    String num = mag.toString(base);
    if (digits.charAt(10) == 'A') {
      num = num.toUpperCase(java.util.Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = num.length(); i < precision; i++) {
      sb.append('0');
    }
    sb.append(num);
    if (sharp) {
      switch (base) {
        case 2:
          sb.insert(0, "0b");
          break;
        case 8:
          if (sb.charAt(0) != '0') {
            sb.insert(0, '0');
          }
          break;
        case 16:
          sb.insert(0, "0" + digits.charAt(16));
          break;
        default:
          break;
      }
    }
    if (verb == 'O') {
      sb.insert(0, "0o");
    }
    if (negative) {
      sb.insert(0, '-');
    } else if (plus) {
      sb.insert(0, '+');
    } else if (space) {
      sb.insert(0, ' ');
    }
    boolean z = zero;
    zero = false;
    pad(sb.toString());
    zero = z;
  }

  // ---- floats

  private void fmtFloatVerb(double v, int size, int verb) {
    switch (verb) {
      case 'v':
        fmtFloat(v, size, 'g', -1);
        break;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        fmtFloat(v, size, verb, -1);
        break;
      case 'f':
      case 'e':
      case 'E':
      case 'F':
        fmtFloat(v, size, verb, 6);
        break;
      default:
        badVerb(verb);
    }
  }

  private void fmtFloat(double v, int size, int verb, int precision) {
    if (precPresent) {
      precision = prec;
    }
    if (verb == 'F') {
      verb = 'f';
    }
    String num = formatFloat(v, (char) verb, precision, size);
    if (num.charAt(0) != '-' && num.charAt(0) != '+') {
      num = "+" + num;
    }
    if (space && num.charAt(0) == '+' && !plus) {
      num = " " + num.substring(1);
    }
    if (num.charAt(1) == 'I' || num.charAt(1) == 'N') {
      boolean z = zero;
      zero = false;
      if (num.charAt(1) == 'N' && !space && !plus) {
        num = num.substring(1);
      }
      pad(num);
      zero = z;
      return;
    }
    if (sharp && verb != 'b') {
      num = sharpFloat(num, verb, precision);
    }
    if (plus || num.charAt(0) != '+') {
      if (zero && !minus && widPresent && wid > num.length()) {
        buf.append(num.charAt(0));
        writePadding(wid - num.length());
        buf.append(num, 1, num.length());
        return;
      }
      pad(num);
      return;
    }
    pad(num.substring(1));
  }

  private static String sharpFloat(String num, int verb, int precision) {
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
      digits = precision == -1 ? 6 : precision;
    }
    String tail = "";
    int e = -1;
    for (int i = 1; i < num.length(); i++) {
      char c = num.charAt(i);
      if (c == 'e' || c == 'E' || c == 'p' || c == 'P') {
        e = i;
        break;
      }
    }
    if (e >= 0) {
      tail = num.substring(e);
      num = num.substring(0, e);
    }
    boolean sawNonzero = false;
    boolean hasDot = false;
    for (int i = 1; i < num.length(); i++) {
      char c = num.charAt(i);
      if (c == '.') {
        hasDot = true;
      } else if (c >= '0' && c <= '9') {
        if (c != '0') {
          sawNonzero = true;
        }
        if (sawNonzero) {
          digits--;
        }
      }
    }
    StringBuilder sb = new StringBuilder(num);
    if (!hasDot) {
      if (num.length() == 2 && num.charAt(1) == '0') {
        digits--;
      }
      sb.append('.');
    }
    while (digits > 0) {
      sb.append('0');
      digits--;
    }
    return sb.append(tail).toString();
  }

  /** strconv.FormatFloat(v, fmt, prec, bitSize) for fmt in e, E, f, g, G (and b/x as fallbacks). */
  public static String formatFloat(double v, char fmt, int prec, int bitSize) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean neg = v < 0 || (v == 0 && 1 / v < 0);
    double av = Math.abs(v);
    // digits and decimal point position: value = 0.d1d2...dn * 10^dp
    String digs;
    int dp;
    boolean shortest = prec < 0;
    if (av == 0) {
      digs = "";
      dp = 0;
    } else if (shortest) {
      BigDecimal bd = shortestDecimal(av, bitSize);
      String u = bd.unscaledValue().toString();
      int stripped = u.length();
      while (stripped > 1 && u.charAt(stripped - 1) == '0') {
        stripped--;
      }
      digs = u.substring(0, stripped);
      dp = u.length() - bd.scale();
    } else {
      BigDecimal exact = bitSize == 32 ? new BigDecimal((float) av) : new BigDecimal(av);
      BigDecimal r;
      switch (fmt) {
        case 'e':
        case 'E':
          r = exact.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
          break;
        case 'f':
          r = exact.setScale(prec, RoundingMode.HALF_EVEN);
          break;
        default: // g
          r = exact.round(new MathContext(prec == 0 ? 1 : prec, RoundingMode.HALF_EVEN));
      }
      if (r.signum() == 0) {
        digs = "";
        dp = 0;
      } else {
        String u = r.unscaledValue().toString();
        dp = u.length() - r.scale();
        int stripped = u.length();
        while (stripped > 0 && u.charAt(stripped - 1) == '0') {
          stripped--;
        }
        digs = u.substring(0, stripped);
      }
    }
    StringBuilder sb = new StringBuilder();
    if (neg) {
      sb.append('-');
    }
    switch (fmt) {
      case 'e':
      case 'E':
        fmtE(sb, digs, dp, shortest ? Math.max(digs.length() - 1, 0) : prec, fmt);
        return sb.toString();
      case 'f':
        fmtF(sb, digs, dp, shortest ? Math.max(digs.length() - dp, 0) : prec);
        return sb.toString();
      case 'g':
      case 'G':
      default:
        {
          int eprec = prec;
          int nd = digs.length();
          if (eprec > nd && nd >= dp) {
            eprec = nd;
          }
          if (shortest) {
            eprec = 6;
          }
          int exp = dp - 1;
          if (av == 0) {
            exp = 0;
          }
          char ech = fmt == 'G' ? 'E' : 'e';
          if (exp < -4 || exp >= eprec) {
            int p = prec;
            if (shortest || p > nd) {
              p = nd;
            }
            fmtE(sb, digs, dp, Math.max(p - 1, 0), ech);
            return sb.toString();
          }
          int p = prec;
          if (shortest || p > nd) {
            p = nd;
          }
          fmtF(sb, digs, dp, Math.max(p - dp, 0));
          return sb.toString();
        }
    }
  }

  private static void fmtE(StringBuilder sb, String d, int dp, int prec, char fmt) {
    char first = d.isEmpty() ? '0' : d.charAt(0);
    sb.append(first);
    if (prec > 0) {
      sb.append('.');
      int i = 1;
      int m = Math.min(d.length(), prec + 1);
      if (i < m) {
        sb.append(d, i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        sb.append('0');
      }
    }
    sb.append(fmt == 'E' ? 'E' : 'e');
    int exp = dp - 1;
    if (d.isEmpty()) {
      exp = 0;
    }
    if (exp < 0) {
      sb.append('-');
      exp = -exp;
    } else {
      sb.append('+');
    }
    if (exp < 10) {
      sb.append('0').append(exp);
    } else {
      sb.append(exp);
    }
  }

  private static void fmtF(StringBuilder sb, String d, int dp, int prec) {
    if (dp > 0) {
      int m = Math.min(d.length(), dp);
      sb.append(d, 0, m);
      for (; m < dp; m++) {
        sb.append('0');
      }
    } else {
      sb.append('0');
    }
    if (prec > 0) {
      sb.append('.');
      for (int i = 1; i <= prec; i++) {
        int j = dp + i - 1;
        sb.append(j >= 0 && j < d.length() ? d.charAt(j) : '0');
      }
    }
  }

  /** The shortest decimal that parses back to exactly {@code v} (Go's 'shortest' mode). */
  static BigDecimal shortestDecimal(double v, int bitSize) {
    return io.capstan.goencoding.GoFloats.shortest(v, bitSize);
  }
}
