package io.capstan.gotemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Go's text/template builtin functions (text/template/funcs.go). */
final class Builtins {
  private Builtins() {}

  /** A function with a Go signature's argument count, checked before the call. */
  interface Arity extends TemplateFunction {
    int min();

    boolean variadic();
  }

  /** An argument conversion error (Go's validateType): reported without "error calling". */
  static final class ArgError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ArgError(String m) {
      super(m, null, false, false);
    }
  }

  static Arity fixed(int n, TemplateFunction f) {
    return new Arity() {
      @Override
      public Object call(CallContext ctx, List<Object> args) throws Exception {
        return f.call(ctx, args);
      }

      @Override
      public int min() {
        return n;
      }

      @Override
      public boolean variadic() {
        return false;
      }
    };
  }

  static Arity variadic(int min, TemplateFunction f) {
    return new Arity() {
      @Override
      public Object call(CallContext ctx, List<Object> args) throws Exception {
        return f.call(ctx, args);
      }

      @Override
      public int min() {
        return min;
      }

      @Override
      public boolean variadic() {
        return true;
      }
    };
  }

  private static final Map<String, TemplateFunction> BUILTINS = new HashMap<>();

  static {
    TemplateFunction never =
        (c, a) -> {
          throw new IllegalStateException("and/or are evaluated by the executor");
        };
    BUILTINS.put("and", variadic(1, never));
    BUILTINS.put("or", variadic(1, never));
    BUILTINS.put("not", fixed(1, (c, a) -> !GoValues.isTrue(a.get(0))));
    BUILTINS.put("len", fixed(1, (c, a) -> length(a.get(0))));
    BUILTINS.put("index", variadic(1, (c, a) -> index(a.get(0), a.subList(1, a.size()))));
    BUILTINS.put("slice", variadic(1, (c, a) -> slice(a.get(0), a.subList(1, a.size()))));
    BUILTINS.put("print", variadic(0, (c, a) -> GoFmt.sprint(nils(a))));
    BUILTINS.put("println", variadic(0, (c, a) -> GoFmt.sprintln(nils(a))));
    BUILTINS.put(
        "printf",
        variadic(1, (c, a) -> GoFmt.sprintf(str(a.get(0)), nils(a.subList(1, a.size())))));
    BUILTINS.put("html", variadic(0, (c, a) -> htmlEscape(evalArgs(a))));
    BUILTINS.put("js", variadic(0, (c, a) -> jsEscape(evalArgs(a))));
    BUILTINS.put("urlquery", variadic(0, (c, a) -> queryEscape(evalArgs(a))));
    BUILTINS.put("call", variadic(1, Builtins::call));
    BUILTINS.put("eq", variadic(1, (c, a) -> GoValues.eq(a.get(0), a.subList(1, a.size()))));
    BUILTINS.put("ne", fixed(2, (c, a) -> !GoValues.eq(a.get(0), a.subList(1, 2))));
    BUILTINS.put("lt", fixed(2, (c, a) -> GoValues.lt(a.get(0), a.get(1))));
    BUILTINS.put("le", fixed(2, (c, a) -> GoValues.le(a.get(0), a.get(1))));
    BUILTINS.put("gt", fixed(2, (c, a) -> !GoValues.le(a.get(0), a.get(1))));
    BUILTINS.put("ge", fixed(2, (c, a) -> !GoValues.lt(a.get(0), a.get(1))));
  }

  static TemplateFunction get(String name) {
    return BUILTINS.get(name);
  }

  static boolean has(String name) {
    return BUILTINS.containsKey(name);
  }

  static java.util.Set<String> names() {
    return BUILTINS.keySet();
  }

  /** Converts NO_VALUE to nil for ...interface{} parameters. */
  static List<Object> nils(List<Object> a) {
    List<Object> r = null;
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) == GoValues.NO_VALUE) {
        if (r == null) {
          r = new ArrayList<>(a);
        }
        r.set(i, null);
      }
    }
    return r == null ? a : r;
  }

  /** A string parameter (Go's validateType for type string). */
  static String str(Object v) {
    if (v instanceof String) {
      return (String) v;
    }
    throw wrongType("string", v);
  }

  static ArgError wrongType(String expected, Object v) {
    if (v == GoValues.NO_VALUE) {
      return new ArgError("invalid value; expected " + expected);
    }
    if (v == null) {
      return new ArgError("wrong type for value; expected " + expected + "; got interface {}");
    }
    return new ArgError(
        "wrong type for value; expected " + expected + "; got " + GoValues.typeName(v));
  }

  static Object length(Object v) throws Exception {
    if (v == null) {
      throw new Exception("len of nil pointer");
    }
    if (v == GoValues.NO_VALUE) {
      throw new Exception("reflect: call of reflect.Value.Type on zero Value");
    }
    if (v instanceof String) {
      return ((String) v).getBytes(StandardCharsets.UTF_8).length;
    }
    if (v instanceof List) {
      return ((List<?>) v).size();
    }
    if (v instanceof Map) {
      return ((Map<?, ?>) v).size();
    }
    if (v instanceof byte[]) {
      return ((byte[]) v).length;
    }
    throw new Exception("len of type " + GoValues.typeName(v));
  }

  private static int indexArg(Object index, int cap) throws Exception {
    if (index == null || index == GoValues.NO_VALUE) {
      throw new Exception("cannot index slice/array with nil");
    }
    if (!GoValues.isInt(index)) {
      throw new Exception("cannot index slice/array with type " + GoValues.typeName(index));
    }
    long x = ((Number) index).longValue();
    if (x < 0 || x > cap) {
      throw new Exception("index out of range: " + x);
    }
    return (int) x;
  }

  static Object index(Object item, List<Object> indexes) throws Exception {
    if (item == null || item == GoValues.NO_VALUE) {
      throw new Exception("index of untyped nil");
    }
    for (Object index : indexes) {
      if (item == null) {
        throw new Exception("index of nil pointer");
      }
      if (item instanceof List) {
        List<?> l = (List<?>) item;
        int x = indexArg(index, l.size());
        if (x == l.size()) {
          throw new Exception("index out of range: " + x);
        }
        item = l.get(x);
      } else if (item instanceof String) {
        byte[] b = ((String) item).getBytes(StandardCharsets.UTF_8);
        int x = indexArg(index, b.length);
        if (x == b.length) {
          throw new Exception("index out of range: " + x);
        }
        item = (int) b[x] & 0xff;
      } else if (item instanceof byte[]) {
        byte[] b = (byte[]) item;
        int x = indexArg(index, b.length);
        if (x == b.length) {
          throw new Exception("index out of range: " + x);
        }
        item = (int) b[x] & 0xff;
      } else if (item instanceof Map) {
        if (index == null || index == GoValues.NO_VALUE) {
          throw new Exception("value is nil; should be of type string");
        }
        if (!(index instanceof String)) {
          throw new Exception("value has type " + GoValues.typeName(index) + "; should be string");
        }
        item = ((Map<?, ?>) item).get(index);
      } else {
        throw new Exception("can't index item of type " + GoValues.typeName(item));
      }
    }
    return item;
  }

  static Object slice(Object item, List<Object> indexes) throws Exception {
    if (item == null || item == GoValues.NO_VALUE) {
      throw new Exception("slice of untyped nil");
    }
    if (indexes.size() > 3) {
      throw new Exception("too many slice indexes: " + indexes.size());
    }
    int len;
    if (item instanceof String) {
      if (indexes.size() == 3) {
        throw new Exception("cannot 3-index slice a string");
      }
      len = ((String) item).getBytes(StandardCharsets.UTF_8).length;
    } else if (item instanceof List) {
      len = ((List<?>) item).size();
    } else if (item instanceof byte[]) {
      len = ((byte[]) item).length;
    } else {
      throw new Exception("can't slice item of type " + GoValues.typeName(item));
    }
    int[] idx = {0, len, len};
    for (int i = 0; i < indexes.size(); i++) {
      idx[i] = indexArg(indexes.get(i), len);
    }
    if (idx[0] > idx[1]) {
      throw new Exception("invalid slice index: " + idx[0] + " > " + idx[1]);
    }
    if (indexes.size() == 3 && idx[1] > idx[2]) {
      throw new Exception("invalid slice index: " + idx[1] + " > " + idx[2]);
    }
    if (item instanceof String) {
      byte[] b = ((String) item).getBytes(StandardCharsets.UTF_8);
      return new String(b, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
    }
    if (item instanceof byte[]) {
      return java.util.Arrays.copyOfRange((byte[]) item, idx[0], idx[1]);
    }
    return new ArrayList<>(((List<?>) item).subList(idx[0], idx[1]));
  }

  private static Object call(CallContext c, List<Object> a) throws Exception {
    Object fn = a.get(0);
    if (fn == null || fn == GoValues.NO_VALUE) {
      throw new Exception("call of nil");
    }
    if (!(fn instanceof TemplateFunction)) {
      throw new Exception("non-function of type " + GoValues.typeName(fn));
    }
    return ((TemplateFunction) fn).call(c, nils(a.subList(1, a.size())));
  }

  static String evalArgs(List<Object> args) {
    if (args.size() == 1 && args.get(0) instanceof String) {
      return (String) args.get(0);
    }
    List<Object> r = new ArrayList<>(args.size());
    for (Object o : args) {
      r.add(o == GoValues.NO_VALUE ? "<no value>" : o);
    }
    return GoFmt.sprint(r);
  }

  static String htmlEscape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep;
      switch (c) {
        case 0:
          rep = "\uFFFD";
          break;
        case '"':
          rep = "&#34;";
          break;
        case '\'':
          rep = "&#39;";
          break;
        case '&':
          rep = "&amp;";
          break;
        case '<':
          rep = "&lt;";
          break;
        case '>':
          rep = "&gt;";
          break;
        default:
          rep = null;
      }
      if (rep != null) {
        if (sb == null) {
          sb = new StringBuilder(s.substring(0, i));
        }
        sb.append(rep);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  static String jsEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\\':
          sb.append("\\\\");
          break;
        case '\'':
          sb.append("\\'");
          break;
        case '"':
          sb.append("\\\"");
          break;
        case '<':
          sb.append("\\u003C");
          break;
        case '>':
          sb.append("\\u003E");
          break;
        case '&':
          sb.append("\\u0026");
          break;
        case '=':
          sb.append("\\u003D");
          break;
        default:
          if (c < ' ' || (c >= 0x80 && !GoStrings.isPrint(c))) {
            sb.append(String.format("\\u%04X", c));
          } else {
            sb.appendCodePoint(c);
          }
      }
    }
    return sb.toString();
  }

  /** url.QueryEscape. */
  static String queryEscape(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%')
            .append("0123456789ABCDEF".charAt(c >> 4))
            .append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return sb.toString();
  }
}
