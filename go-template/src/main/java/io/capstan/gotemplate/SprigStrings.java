package io.capstan.gotemplate;

import static io.capstan.gotemplate.Builtins.fixed;
import static io.capstan.gotemplate.Builtins.variadic;
import static io.capstan.gotemplate.Conv.intParam;
import static io.capstan.gotemplate.Conv.str;
import static io.capstan.gotemplate.Conv.strval;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sprig's string, regex, encoding and hash functions. */
final class SprigStrings {
  private SprigStrings() {}

  static final SecureRandom RANDOM = new SecureRandom();

  static void register(Map<String, TemplateFunction> m) {
    m.put("upper", fixed(1, (c, a) -> str(a.get(0)).toUpperCase(java.util.Locale.ROOT)));
    m.put("lower", fixed(1, (c, a) -> str(a.get(0)).toLowerCase(java.util.Locale.ROOT)));
    m.put("title", fixed(1, (c, a) -> title(str(a.get(0)))));
    m.put("untitle", fixed(1, (c, a) -> untitle(str(a.get(0)))));
    m.put(
        "substr",
        fixed(3, (c, a) -> substr(intParam(a.get(0)), intParam(a.get(1)), str(a.get(2)))));
    m.put(
        "repeat",
        fixed(2, (c, a) -> str(a.get(1)).repeat(Math.max(0, checkRepeat(intParam(a.get(0)))))));
    m.put("trim", fixed(1, (c, a) -> trimSpace(str(a.get(0)))));
    m.put("trimAll", fixed(2, (c, a) -> trimCutset(str(a.get(1)), str(a.get(0)))));
    m.put("trimall", m.get("trimAll"));
    m.put("trimSuffix", fixed(2, (c, a) -> trimSuffix(str(a.get(1)), str(a.get(0)))));
    m.put("trimPrefix", fixed(2, (c, a) -> trimPrefix(str(a.get(1)), str(a.get(0)))));
    m.put("nospace", fixed(1, (c, a) -> nospace(str(a.get(0)))));
    m.put("trunc", fixed(2, (c, a) -> trunc(intParam(a.get(0)), str(a.get(1)))));
    m.put("abbrev", fixed(2, (c, a) -> abbrev(intParam(a.get(0)), str(a.get(1)))));
    m.put(
        "abbrevboth",
        fixed(3, (c, a) -> abbrevboth(intParam(a.get(0)), intParam(a.get(1)), str(a.get(2)))));
    m.put("initials", fixed(1, (c, a) -> initials(str(a.get(0)))));
    m.put("randAlphaNum", fixed(1, (c, a) -> random(intParam(a.get(0)), ALNUM)));
    m.put("randAlpha", fixed(1, (c, a) -> random(intParam(a.get(0)), ALPHA)));
    m.put("randAscii", fixed(1, (c, a) -> random(intParam(a.get(0)), ASCII)));
    m.put("randNumeric", fixed(1, (c, a) -> random(intParam(a.get(0)), "0123456789")));
    m.put("swapcase", fixed(1, (c, a) -> swapcase(str(a.get(0)))));
    m.put("shuffle", fixed(1, (c, a) -> shuffle(str(a.get(0)))));
    m.put("snakecase", fixed(1, (c, a) -> CaseConv.snake(str(a.get(0)))));
    m.put("camelcase", fixed(1, (c, a) -> CaseConv.camel(str(a.get(0)))));
    m.put("kebabcase", fixed(1, (c, a) -> CaseConv.kebab(str(a.get(0)))));
    m.put("wrap", fixed(2, (c, a) -> wrap(str(a.get(1)), intParam(a.get(0)), "\n", false)));
    m.put(
        "wrapWith",
        fixed(3, (c, a) -> wrap(str(a.get(2)), intParam(a.get(0)), str(a.get(1)), true)));
    m.put("contains", fixed(2, (c, a) -> str(a.get(1)).contains(str(a.get(0)))));
    m.put("hasPrefix", fixed(2, (c, a) -> str(a.get(1)).startsWith(str(a.get(0)))));
    m.put("hasSuffix", fixed(2, (c, a) -> str(a.get(1)).endsWith(str(a.get(0)))));
    m.put("quote", variadic(0, (c, a) -> quote(a, false)));
    m.put("squote", variadic(0, (c, a) -> quote(a, true)));
    m.put("cat", variadic(0, (c, a) -> cat(a)));
    m.put("indent", fixed(2, (c, a) -> indent(intParam(a.get(0)), str(a.get(1)))));
    m.put("nindent", fixed(2, (c, a) -> "\n" + indent(intParam(a.get(0)), str(a.get(1)))));
    m.put("replace", fixed(3, (c, a) -> str(a.get(2)).replace(str(a.get(0)), str(a.get(1)))));
    m.put("plural", fixed(3, (c, a) -> intParam(a.get(2)) == 1 ? str(a.get(0)) : str(a.get(1))));
    m.put("sha1sum", fixed(1, (c, a) -> hash("SHA-1", str(a.get(0)))));
    m.put("sha256sum", fixed(1, (c, a) -> hash("SHA-256", str(a.get(0)))));
    m.put("sha512sum", fixed(1, (c, a) -> hash("SHA-512", str(a.get(0)))));
    m.put("adler32sum", fixed(1, (c, a) -> adler32(str(a.get(0)))));
    m.put("toString", fixed(1, (c, a) -> strval(a.get(0))));
    m.put("b64enc", fixed(1, (c, a) -> Base64.getEncoder().encodeToString(utf8(str(a.get(0))))));
    m.put("b64dec", fixed(1, (c, a) -> b64dec(str(a.get(0)))));
    m.put("b32enc", fixed(1, (c, a) -> Base32.encode(utf8(str(a.get(0))))));
    m.put("b32dec", fixed(1, (c, a) -> Base32.decode(str(a.get(0)))));
    m.put("uuidv4", fixed(0, (c, a) -> UUID.randomUUID().toString()));
    m.put("join", fixed(2, (c, a) -> String.join(str(a.get(0)), Conv.strslice(a.get(1)))));
    m.put("split", fixed(2, (c, a) -> split(str(a.get(0)), str(a.get(1)), -1)));
    m.put("splitn", fixed(3, (c, a) -> split(str(a.get(0)), str(a.get(2)), intParam(a.get(1)))));
    m.put(
        "splitList",
        fixed(2, (c, a) -> new ArrayList<Object>(goSplit(str(a.get(1)), str(a.get(0)), -1))));
    m.put("toStrings", fixed(1, (c, a) -> Conv.strsliceObj(a.get(0))));
    m.put("sortAlpha", fixed(1, (c, a) -> sortAlpha(a.get(0))));
    // regular expressions (RE2 semantics)
    m.put("regexMatch", fixed(2, (c, a) -> compile(str(a.get(0))).matcher(str(a.get(1))).find()));
    m.put("mustRegexMatch", m.get("regexMatch"));
    m.put("regexFind", fixed(2, (c, a) -> regexFind(str(a.get(0)), str(a.get(1)))));
    m.put("mustRegexFind", m.get("regexFind"));
    m.put(
        "regexFindAll",
        fixed(3, (c, a) -> regexFindAll(str(a.get(0)), str(a.get(1)), intParam(a.get(2)))));
    m.put("mustRegexFindAll", m.get("regexFindAll"));
    m.put(
        "regexReplaceAll",
        fixed(3, (c, a) -> replaceAll(str(a.get(0)), str(a.get(1)), str(a.get(2)), false)));
    m.put("mustRegexReplaceAll", m.get("regexReplaceAll"));
    m.put(
        "regexReplaceAllLiteral",
        fixed(3, (c, a) -> replaceAll(str(a.get(0)), str(a.get(1)), str(a.get(2)), true)));
    m.put("mustRegexReplaceAllLiteral", m.get("regexReplaceAllLiteral"));
    m.put(
        "regexSplit",
        fixed(3, (c, a) -> regexSplit(str(a.get(0)), str(a.get(1)), intParam(a.get(2)))));
    m.put("mustRegexSplit", m.get("regexSplit"));
    m.put("regexQuoteMeta", fixed(1, (c, a) -> quoteMeta(str(a.get(0)))));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int checkRepeat(int n) throws Exception {
    if (n < 0) {
      throw new Exception("strings: negative Repeat count");
    }
    return n;
  }

  static boolean isGoSpace(int c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == 0x0b
        || c == '\f'
        || c == '\r'
        || c == 0x85
        || c == 0xA0
        || (c > 0xff && Character.isWhitespace(c))
        || c == 0x2007
        || c == 0x202F;
  }

  static String trimSpace(String s) {
    int st = 0;
    int en = s.length();
    while (st < en && isGoSpace(s.charAt(st))) {
      st++;
    }
    while (en > st && isGoSpace(s.charAt(en - 1))) {
      en--;
    }
    return s.substring(st, en);
  }

  static String trimCutset(String s, String cutset) {
    int st = 0;
    int en = s.length();
    while (st < en && cutset.indexOf(s.charAt(st)) >= 0) {
      st++;
    }
    while (en > st && cutset.indexOf(s.charAt(en - 1)) >= 0) {
      en--;
    }
    return s.substring(st, en);
  }

  static String trimSuffix(String s, String suf) {
    return s.endsWith(suf) ? s.substring(0, s.length() - suf.length()) : s;
  }

  static String trimPrefix(String s, String pre) {
    return s.startsWith(pre) ? s.substring(pre.length()) : s;
  }

  private static String nospace(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (!isGoSpace(cp)) {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }

  /** Go slices strings by byte; for non-ASCII input the byte offsets are honoured. */
  private static String bytesSub(String s, int from, int to) {
    if (isAscii(s)) {
      return s.substring(from, to);
    }
    byte[] b = utf8(s);
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static int blen(String s) {
    return isAscii(s) ? s.length() : utf8(s).length;
  }

  static String trunc(int c, String s) {
    int n = blen(s);
    if (c < 0 && n + c > 0) {
      return bytesSub(s, n + c, n);
    }
    if (c >= 0 && n > c) {
      return bytesSub(s, 0, c);
    }
    return s;
  }

  static String substr(int start, int end, String s) throws Exception {
    int n = blen(s);
    if (start < 0) {
      if (end > n || end < 0) {
        throw new Exception(
            "runtime error: slice bounds out of range [:" + end + "] with length " + n);
      }
      return bytesSub(s, 0, end);
    }
    if (end < 0 || end > n) {
      if (start > n) {
        throw new Exception("runtime error: slice bounds out of range [" + start + ":" + n + "]");
      }
      return bytesSub(s, start, n);
    }
    if (start > end) {
      throw new Exception("runtime error: slice bounds out of range [" + start + ":" + end + "]");
    }
    return bytesSub(s, start, end);
  }

  private static String abbrev(int width, String s) {
    if (s.length() <= width) {
      return s;
    }
    if (width < 4) {
      return ""; // goutils.Abbreviate fails ("Minimum abbreviation width is 4"); sprig drops the
      // error
    }
    return s.substring(0, width - 3) + "...";
  }

  private static String abbrevboth(int left, int right, String s) {
    if (right < 4 || (left > 0 && right < 7)) {
      return s;
    }
    if (s.length() <= right) {
      return s;
    }
    if (left > s.length()) {
      left = s.length();
    }
    if (s.length() - left < right - 3) {
      left = s.length() - (right - 3);
    }
    if (left <= 4) {
      return s.substring(0, right - 3) + "...";
    }
    if (right < 7) {
      return s;
    }
    if (left + right - 3 < s.length()) {
      return "..." + abbrev(right - 3, s.substring(left));
    }
    return "..." + s.substring(s.length() - (right - 3));
  }

  private static String initials(String s) {
    StringBuilder sb = new StringBuilder();
    boolean last = true;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch)) {
        last = true;
      } else if (last) {
        sb.append(ch);
        last = false;
      }
    }
    return sb.toString();
  }

  static final String ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static final String ALNUM = ALPHA + "0123456789";
  static final String ASCII;

  static {
    StringBuilder sb = new StringBuilder();
    for (char c = 32; c <= 126; c++) {
      sb.append(c);
    }
    ASCII = sb.toString();
  }

  static String random(int n, String alphabet) {
    StringBuilder sb = new StringBuilder(Math.max(0, n));
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String swapcase(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean whitespace = true;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isUpperCase(ch) || Character.isTitleCase(ch)) {
        sb.append(Character.toLowerCase(ch));
        whitespace = false;
      } else if (Character.isLowerCase(ch)) {
        sb.append(whitespace ? Character.toTitleCase(ch) : Character.toUpperCase(ch));
        whitespace = false;
      } else {
        whitespace = Character.isWhitespace(ch);
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private static String shuffle(String s) {
    List<Integer> cps = new ArrayList<>();
    s.codePoints().forEach(cps::add);
    Collections.shuffle(cps, RANDOM);
    StringBuilder sb = new StringBuilder();
    cps.forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /** strings.Title: upper-cases the first letter of each word. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isSeparator(prev)) {
        sb.appendCodePoint(Character.toTitleCase(cp));
      } else {
        sb.appendCodePoint(cp);
      }
      prev = cp;
    }
    return sb.toString();
  }

  private static boolean isSeparator(int r) {
    if (r <= 0x7F) {
      if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_') {
        return false;
      }
      return true;
    }
    if (Character.isLetterOrDigit(r)) {
      return false;
    }
    return Character.isWhitespace(r) || Character.isSpaceChar(r);
  }

  private static String untitle(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean ws = true;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch)) {
        ws = true;
        sb.append(ch);
      } else if (ws) {
        sb.append(Character.toLowerCase(ch));
        ws = false;
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /** goutils.WrapCustom. */
  static String wrap(String s, int width, String newLine, boolean longWords) {
    if (width < 1) {
      width = 1;
    }
    if (newLine.isEmpty()) {
      newLine = "\n";
    }
    int len = s.length();
    int offset = 0;
    StringBuilder sb = new StringBuilder(len + 32);
    while (len - offset > width) {
      if (s.charAt(offset) == ' ') {
        offset++;
        continue;
      }
      int spaceToWrapAt = s.lastIndexOf(' ', offset + width);
      if (spaceToWrapAt < offset) {
        spaceToWrapAt = -1;
      }
      if (spaceToWrapAt >= offset) {
        sb.append(s, offset, spaceToWrapAt).append(newLine);
        offset = spaceToWrapAt + 1;
      } else if (longWords) {
        sb.append(s, offset, offset + width).append(newLine);
        offset += width;
      } else {
        spaceToWrapAt = s.indexOf(' ', offset + width);
        if (spaceToWrapAt >= 0) {
          sb.append(s, offset, spaceToWrapAt).append(newLine);
          offset = spaceToWrapAt + 1;
        } else {
          sb.append(s, offset, len);
          offset = len;
        }
      }
    }
    sb.append(s, offset, len);
    return sb.toString();
  }

  private static String quote(List<Object> a, boolean single) {
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (Object o : a) {
      if (o == null) {
        continue;
      }
      if (!first) {
        sb.append(' ');
      }
      first = false;
      if (single) {
        sb.append('\'').append(strval(o)).append('\'');
      } else {
        sb.append(GoFmt.quote(strval(o)));
      }
    }
    return sb.toString();
  }

  private static String cat(List<Object> a) {
    List<Object> v = new ArrayList<>();
    for (Object o : a) {
      if (o != null) {
        v.add(o);
      }
    }
    String f = String.join(" ", Collections.nCopies(v.size(), "%v"));
    return GoFmt.sprintf(f, v);
  }

  static String indent(int spaces, String v) {
    String pad = " ".repeat(Math.max(0, spaces));
    return pad + v.replace("\n", "\n" + pad);
  }

  private static String hash(String alg, String s) throws Exception {
    byte[] d = MessageDigest.getInstance(alg).digest(utf8(s));
    return hex(d);
  }

  static String hex(byte[] d) {
    StringBuilder sb = new StringBuilder(d.length * 2);
    for (byte b : d) {
      sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
    }
    return sb.toString();
  }

  private static String adler32(String s) {
    java.util.zip.Adler32 a = new java.util.zip.Adler32();
    a.update(utf8(s));
    return Long.toString(a.getValue());
  }

  private static String b64dec(String s) {
    try {
      return new String(GoBase64.decode(s), StandardCharsets.UTF_8);
    } catch (GoBase64.CorruptInput e) {
      return e.getMessage();
    }
  }

  /** strings.Split semantics (n < 0: all). */
  static List<String> goSplit(String s, String sep, int n) {
    List<String> r = new ArrayList<>();
    if (n == 0) {
      return r;
    }
    if (sep.isEmpty()) {
      int i = 0;
      while (i < s.length()) {
        if (n > 0 && r.size() == n - 1) {
          r.add(s.substring(i));
          return r;
        }
        int cp = s.codePointAt(i);
        int k = Character.charCount(cp);
        r.add(s.substring(i, i + k));
        i += k;
      }
      return r;
    }
    int start = 0;
    while (n < 0 || r.size() < n - 1) {
      int i = s.indexOf(sep, start);
      if (i < 0) {
        break;
      }
      r.add(s.substring(start, i));
      start = i + sep.length();
    }
    r.add(s.substring(start));
    return r;
  }

  private static Map<String, Object> split(String sep, String orig, int n) {
    List<String> parts = goSplit(orig, sep, n);
    Map<String, Object> res = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      res.put("_" + i, parts.get(i));
    }
    return res;
  }

  private static List<Object> sortAlpha(Object list) {
    if (list instanceof List) {
      List<String> a = Conv.strslice(list);
      Collections.sort(a, SprigStrings::compareBytes);
      return new ArrayList<>(a);
    }
    return new ArrayList<>(List.of(strval(list)));
  }

  /** Go compares strings by UTF-8 bytes; equivalent to code point order. */
  static int compareBytes(String a, String b) {
    return io.capstan.goencoding.GoJson.compareUtf8(a, b);
  }

  // ---- regex

  private static final Map<String, Pattern> CACHE =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Pattern> e) {
              return size() > 256;
            }
          });

  static Pattern compile(String re) throws Exception {
    Pattern p = CACHE.get(re);
    if (p != null) {
      return p;
    }
    try {
      p = Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new Exception(
          "error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
    }
    CACHE.put(re, p);
    return p;
  }

  private static String regexFind(String re, String s) throws Exception {
    Matcher m = compile(re).matcher(s);
    return m.find() ? m.group() : "";
  }

  /** Go's allMatches loop: no empty match right after a previous match; n < 0 means all. */
  private static List<int[]> allMatches(Matcher m, String s, int n) {
    List<int[]> r = new ArrayList<>();
    int pos = 0;
    int prevMatchEnd = -1;
    while ((n < 0 || r.size() < n) && pos <= s.length()) {
      if (!m.find(pos)) {
        break;
      }
      boolean accept = true;
      if (m.end() == pos) {
        if (m.start() == prevMatchEnd) {
          accept = false;
        }
        pos += pos < s.length() ? Character.charCount(s.codePointAt(pos)) : 1;
      } else {
        pos = m.end();
      }
      prevMatchEnd = m.end();
      if (accept) {
        r.add(new int[] {m.start(), m.end()});
      }
    }
    return r;
  }

  private static List<Object> regexFindAll(String re, String s, int n) throws Exception {
    List<Object> r = new ArrayList<>();
    if (n == 0) {
      return r;
    }
    for (int[] mm : allMatches(compile(re).matcher(s), s, n)) {
      r.add(s.substring(mm[0], mm[1]));
    }
    return r;
  }

  /** Go's Regexp.Split. */
  private static List<Object> regexSplit(String re, String s, int n) throws Exception {
    List<Object> r = new ArrayList<>();
    if (n == 0) {
      return r;
    }
    if (!re.isEmpty() && s.isEmpty()) {
      r.add("");
      return r;
    }
    List<int[]> matches = allMatches(compile(re).matcher(s), s, n);
    int beg = 0;
    int end = 0;
    for (int[] mm : matches) {
      if (n > 0 && r.size() == n - 1) {
        break;
      }
      end = mm[0];
      if (mm[1] != 0) {
        r.add(s.substring(beg, end));
      }
      beg = mm[1];
    }
    if (end != s.length()) {
      r.add(s.substring(beg));
    }
    return r;
  }

  /** Go's Regexp.ReplaceAllString / ReplaceAllLiteralString. */
  private static String replaceAll(String re, String s, String repl, boolean literal)
      throws Exception {
    Pattern p = compile(re);
    Matcher m = p.matcher(s);
    StringBuilder sb = new StringBuilder();
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= s.length()) {
      if (!m.find(searchPos)) {
        break;
      }
      int a0 = m.start();
      int a1 = m.end();
      sb.append(s, lastMatchEnd, a0);
      if (a1 > lastMatchEnd || a0 == 0) {
        if (literal) {
          sb.append(repl);
        } else {
          expand(sb, repl, m, p);
        }
      }
      lastMatchEnd = a1;
      int width = searchPos < s.length() ? Character.charCount(s.codePointAt(searchPos)) : 0;
      if (searchPos + width > a1) {
        searchPos += width;
      } else if (searchPos + 1 > a1) {
        searchPos++;
      } else {
        searchPos = a1;
      }
    }
    sb.append(s, lastMatchEnd, s.length());
    return sb.toString();
  }

  /** Go's regexp.Expand: $1, ${1}, $name, ${name}, $$. */
  private static void expand(StringBuilder sb, String template, Matcher m, Pattern p) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$') {
        sb.append(c);
        i++;
        continue;
      }
      i++;
      if (i < template.length() && template.charAt(i) == '$') {
        sb.append('$');
        i++;
        continue;
      }
      String name;
      if (i < template.length() && template.charAt(i) == '{') {
        int close = template.indexOf('}', i + 1);
        if (close < 0 || close == i + 1 || !isIdent(template.substring(i + 1, close))) {
          sb.append('$');
          continue;
        }
        name = template.substring(i + 1, close);
        i = close + 1;
      } else {
        int j = i;
        while (j < template.length()
            && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
          j++;
        }
        if (j == i) {
          sb.append('$');
          continue;
        }
        name = template.substring(i, j);
        i = j;
      }
      String g = group(m, name);
      if (g != null) {
        sb.append(g);
      }
    }
  }

  private static boolean isIdent(String s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private static String group(Matcher m, String name) {
    boolean numeric = true;
    for (int k = 0; k < name.length(); k++) {
      if (!Character.isDigit(name.charAt(k))) {
        numeric = false;
        break;
      }
    }
    try {
      if (numeric) {
        if (name.length() > 8) {
          return null;
        }
        int n = Integer.parseInt(name);
        if (n > m.groupCount()) {
          return null;
        }
        return m.group(n);
      }
      return m.group(name);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String quoteMeta(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
