package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's {@code strvals} parser for {@code --set}, {@code --set-string}, {@code --set-file}, {@code
 * --set-json} and {@code --set-literal}: {@code a.b=c,list[0].x=1,esc\,aped=v}, {@code {a,b}}
 * lists; {@code --set} types ints (int64), {@code true/false/null}.
 */
public final class Strvals {
  /** Helm's maximum list index. */
  public static final int MAX_INDEX = 65536;

  /** Helm's maximum nesting of names. */
  public static final int MAX_NESTED_NAME_LEVEL = 30;

  /** Reads a {@code --set-file} path. */
  @FunctionalInterface
  public interface FileReader {
    /** The content of the file at {@code path}. */
    String read(String path) throws Exception;
  }

  private enum Mode {
    TYPED,
    STRING,
    FILE,
    JSON
  }

  private static final class EofException extends Exception {
    private static final long serialVersionUID = 1L;

    EofException() {
      super("EOF", null, false, false);
    }
  }

  private static final class NotListException extends Exception {
    private static final long serialVersionUID = 1L;

    NotListException() {
      super("not a list", null, false, false);
    }
  }

  private final int[] in;
  private int pos;
  private final Mode mode;
  private final FileReader files;

  private Strvals(String s, Mode mode, FileReader files) {
    this.in = s.codePoints().toArray();
    this.mode = mode;
    this.files = files;
  }

  /** {@code --set}: parses {@code s} into {@code dest}. */
  public static void parseInto(String s, Map<String, Object> dest) throws HelmException {
    new Strvals(s, Mode.TYPED, null).parse(dest);
  }

  /** {@code --set-string}. */
  public static void parseIntoString(String s, Map<String, Object> dest) throws HelmException {
    new Strvals(s, Mode.STRING, null).parse(dest);
  }

  /** {@code --set-file}: values are file paths read by {@code reader}. */
  public static void parseIntoFile(String s, Map<String, Object> dest, FileReader reader)
      throws HelmException {
    new Strvals(s, Mode.FILE, reader).parse(dest);
  }

  /** {@code --set-json} in its {@code key=jsonvalue} form. */
  public static void parseJson(String s, Map<String, Object> dest) throws HelmException {
    new Strvals(s, Mode.JSON, null).parse(dest);
  }

  /** {@code --set}: a fresh map. */
  public static Map<String, Object> parse(String s) throws HelmException {
    Map<String, Object> m = new LinkedHashMap<>();
    parseInto(s, m);
    return m;
  }

  /** {@code --set-literal}: the value is everything after the first {@code =}, verbatim. */
  public static void parseLiteralInto(String s, Map<String, Object> dest) throws HelmException {
    Strvals p = new Strvals(s, Mode.STRING, null);
    try {
      p.literalKey(dest, 0);
    } catch (EofException e) {
      // done
    } catch (ClassCastException e) {
      throw new HelmException("unable to parse key: interface conversion: " + e.getMessage());
    }
  }

  private void parse(Map<String, Object> dest) throws HelmException {
    try {
      while (true) {
        key(dest, 0);
      }
    } catch (EofException e) {
      // done
    } catch (ClassCastException e) {
      throw new HelmException("unable to parse key: interface conversion: " + e.getMessage());
    }
  }

  // ---- reading ----

  private int read() throws EofException {
    if (pos >= in.length) {
      pos++;
      throw new EofException();
    }
    return in[pos++];
  }

  private void unread() {
    pos--;
  }

  private record Runes(String text, int last, boolean eof) {}

  private Runes runesUntil(String stop) {
    StringBuilder v = new StringBuilder();
    while (true) {
      if (pos >= in.length) {
        return new Runes(v.toString(), -1, true);
      }
      int r = in[pos++];
      if (stop.indexOf(r) >= 0) {
        return new Runes(v.toString(), r, false);
      }
      if (r == '\\') {
        if (pos >= in.length) {
          return new Runes(v.toString(), -1, true);
        }
        v.appendCodePoint(in[pos++]);
      } else {
        v.appendCodePoint(r);
      }
    }
  }

  private static void set(Map<String, Object> data, String key, Object val) {
    if (key.isEmpty()) {
      return;
    }
    data.put(key, val);
  }

  @SuppressWarnings("unchecked")
  private void key(Map<String, Object> data, int level) throws HelmException, EofException {
    Runes k = runesUntil("=[,.");
    if (k.eof) {
      if (k.text.isEmpty()) {
        throw new EofException();
      }
      throw new HelmException("key \"" + k.text + "\" has no value");
    }
    switch (k.last) {
      case '[' -> {
        int i = keyIndex();
        List<Object> list = new ArrayList<>();
        if (data.containsKey(k.text)) {
          list = (List<Object>) data.get(k.text);
        }
        list = listItem(list, i, level);
        set(data, k.text, list);
      }
      case '=' -> {
        if (mode == Mode.JSON) {
          if (emptyVal()) {
            set(data, k.text, null);
            return;
          }
          set(data, k.text, decodeJson());
          emptyVal();
          return;
        }
        List<Object> vl;
        try {
          vl = valList();
        } catch (EofException e) {
          set(data, k.text, "");
          throw e;
        } catch (NotListException e) {
          Runes rs = runesUntil(",");
          set(data, k.text, reader(rs.text));
          return;
        }
        set(data, k.text, vl);
      }
      case ',' -> {
        set(data, k.text, "");
        throw new HelmException("key \"" + k.text + "\" has no value (cannot end with ,)");
      }
      default -> {
        level++;
        if (level > MAX_NESTED_NAME_LEVEL) {
          throw new HelmException(
              "value name nested level is greater than maximum supported nested level of "
                  + MAX_NESTED_NAME_LEVEL);
        }
        Map<String, Object> inner = new LinkedHashMap<>();
        if (data.containsKey(k.text)) {
          inner = (Map<String, Object>) data.get(k.text);
        }
        EofException eof = null;
        try {
          key(inner, level);
        } catch (EofException e) {
          eof = e;
        }
        if (eof == null && inner.isEmpty()) {
          throw new HelmException("key map \"" + k.text + "\" has no value");
        }
        if (!inner.isEmpty()) {
          set(data, k.text, inner);
        }
        if (eof != null) {
          throw eof;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void literalKey(Map<String, Object> data, int level) throws HelmException, EofException {
    Runes k = runesUntil("=[.");
    if (k.eof) {
      if (k.text.isEmpty()) {
        throw new EofException();
      }
      throw new HelmException("key \"" + k.text + "\" has no value");
    }
    switch (k.last) {
      case '=' -> {
        StringBuilder sb = new StringBuilder();
        while (pos < in.length) {
          sb.appendCodePoint(in[pos++]);
        }
        set(data, k.text, sb.toString());
      }
      case '.' -> {
        level++;
        if (level > MAX_NESTED_NAME_LEVEL) {
          throw new HelmException(
              "value name nested level is greater than maximum supported nested level of "
                  + MAX_NESTED_NAME_LEVEL);
        }
        Map<String, Object> inner = new LinkedHashMap<>();
        if (data.containsKey(k.text)) {
          inner = (Map<String, Object>) data.get(k.text);
        }
        literalKey(inner, level);
        if (inner.isEmpty()) {
          throw new HelmException("key map \"" + k.text + "\" has no value");
        }
        set(data, k.text, inner);
      }
      default -> {
        int i = keyIndex();
        List<Object> list = new ArrayList<>();
        if (data.containsKey(k.text)) {
          list = (List<Object>) data.get(k.text);
        }
        Runes r = runesUntil("[.=");
        if (!r.text.isEmpty()) {
          throw new HelmException("unexpected data at end of array index: \"" + r.text + "\"");
        }
        if (r.last == '=') {
          StringBuilder sb = new StringBuilder();
          while (pos < in.length) {
            sb.appendCodePoint(in[pos++]);
          }
          list = setIndex(list, i, sb.toString());
        } else if (r.last == '.') {
          Map<String, Object> inner = new LinkedHashMap<>();
          if (list.size() > i && list.get(i) instanceof Map<?, ?> m) {
            inner = (Map<String, Object>) m;
          }
          literalKey(inner, level);
          list = setIndex(list, i, inner);
        } else {
          throw new HelmException("key \"" + k.text + "\" has no value");
        }
        set(data, k.text, list);
      }
    }
  }

  private int keyIndex() throws HelmException, EofException {
    Runes v = runesUntil("]");
    if (v.eof) {
      throw new EofException();
    }
    try {
      return Integer.parseInt(v.text);
    } catch (NumberFormatException e) {
      throw new HelmException(
          "error parsing index: strconv.Atoi: parsing \"" + v.text + "\": invalid syntax");
    }
  }

  @SuppressWarnings("unchecked")
  private List<Object> listItem(List<Object> list, int i, int level)
      throws HelmException, EofException {
    if (i < 0) {
      throw new HelmException("negative " + i + " index not allowed");
    }
    Runes k = runesUntil("[.=");
    if (!k.text.isEmpty()) {
      throw new HelmException("unexpected data at end of array index: \"" + k.text + "\"");
    }
    if (k.eof) {
      throw new EofException();
    }
    switch (k.last) {
      case '=' -> {
        if (mode == Mode.JSON) {
          if (emptyVal()) {
            return setIndex(list, i, null);
          }
          list = setIndex(list, i, decodeJson());
          emptyVal();
          return list;
        }
        try {
          return setIndex(list, i, valList());
        } catch (EofException e) {
          return setIndex(list, i, "");
        } catch (NotListException e) {
          Runes rs = runesUntil(",");
          return setIndex(list, i, reader(rs.text));
        }
      }
      case '[' -> {
        int nextI = keyIndex();
        List<Object> crt = null;
        if (list.size() > i && list.get(i) != null) {
          crt = (List<Object>) list.get(i);
        }
        List<Object> list2 = listItem(crt == null ? new ArrayList<>() : crt, nextI, level);
        return setIndex(list, i, list2);
      }
      default -> {
        Map<String, Object> inner = new LinkedHashMap<>();
        if (list.size() > i) {
          if (list.get(i) instanceof Map<?, ?> m) {
            inner = (Map<String, Object>) m;
          } else {
            list.set(i, inner);
          }
        }
        key(inner, level);
        return setIndex(list, i, inner);
      }
    }
  }

  private static List<Object> setIndex(List<Object> list, int index, Object val)
      throws HelmException {
    if (index < 0) {
      throw new HelmException("negative " + index + " index not allowed");
    }
    if (index > MAX_INDEX) {
      throw new HelmException(
          "index of " + index + " is greater than maximum supported index of " + MAX_INDEX);
    }
    List<Object> l = new ArrayList<>(list);
    while (l.size() <= index) {
      l.add(null);
    }
    l.set(index, val);
    return l;
  }

  private List<Object> valList() throws HelmException, EofException, NotListException {
    int r = read();
    if (r != '{') {
      unread();
      throw new NotListException();
    }
    List<Object> list = new ArrayList<>();
    while (true) {
      Runes rs = runesUntil(",}");
      if (rs.eof) {
        throw new HelmException("list must terminate with '}'");
      }
      if (rs.last == '}') {
        if (pos < in.length && in[pos] == ',') {
          pos++;
        }
        list.add(reader(rs.text));
        return list;
      }
      list.add(reader(rs.text));
    }
  }

  private boolean emptyVal() {
    while (true) {
      if (pos >= in.length) {
        return true;
      }
      int r = in[pos++];
      if (r == ',') {
        return true;
      }
      if (!Character.isWhitespace(r)) {
        pos--;
        return false;
      }
    }
  }

  private Object decodeJson() throws HelmException {
    String rest = new String(in, pos, in.length - pos);
    try {
      var parser =
          new com.fasterxml.jackson.databind.ObjectMapper().getFactory().createParser(rest);
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(parser);
      long offset = parser.getCurrentLocation().getCharOffset();
      pos += rest.codePointCount(0, (int) Math.min(offset, rest.length()));
      return GoFormat.fromJson(node.toString());
    } catch (Exception e) {
      throw new HelmException("invalid JSON value: " + e.getMessage());
    }
  }

  private Object reader(String rs) throws HelmException {
    switch (mode) {
      case STRING:
        return rs;
      case FILE:
        try {
          return files.read(rs);
        } catch (Exception e) {
          throw new HelmException("open " + rs + ": no such file or directory");
        }
      default:
        return typedVal(rs);
    }
  }

  /** Helm's {@code typedVal} for {@code --set}. */
  static Object typedVal(String val) {
    if (val.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (val.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    if (val.equalsIgnoreCase("null")) {
      return null;
    }
    if (val.equals("0")) {
      return 0L;
    }
    if (!val.isEmpty() && val.charAt(0) != '0') {
      try {
        String v = val.startsWith("+") ? val.substring(1) : val;
        if (v.matches("-?[0-9]+")) {
          return Long.parseLong(v);
        }
      } catch (NumberFormatException e) {
        return val;
      }
    }
    return val;
  }
}
