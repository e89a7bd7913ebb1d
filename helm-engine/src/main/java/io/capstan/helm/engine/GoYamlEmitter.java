package io.capstan.helm.engine;

import io.capstan.goencoding.GoJson;
import io.capstan.goencoding.GoJsonToYaml;
import io.capstan.goencoding.GoYamlScalars;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes values the way Go's {@code sigs.k8s.io/yaml.Marshal} does: the value is marshalled to
 * JSON, read back with go-yaml v2 (ints stay ints, floats become floats) and emitted by go-yaml
 * v2's libyaml port: keys in go-yaml's natural order, 2-space indent, sequences not indented under
 * their key, go-yaml's quoting rules, literal blocks for multi-line strings and folding of long
 * lines at 80 columns.
 *
 * <p>{@link #marshalPretty} is Helm's {@code toYamlPretty}: the value is encoded directly by
 * yaml.v3 with {@code SetIndent(2)}: sequences indented under their key, floats in Go's {@code 'g'}
 * format ({@code 1e+06}), no line folding.
 */
public final class GoYamlEmitter {
  private static final int BEST_INDENT = 2;
  private static final int BEST_WIDTH_V2 = 80;

  private final boolean v3;
  private final int bestWidth;

  private final StringBuilder out = new StringBuilder();
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private boolean openEnded;
  private int indent = -1;
  private final Deque<Integer> indents = new ArrayDeque<>();

  private GoYamlEmitter(boolean v3) {
    this.v3 = v3;
    this.bestWidth = v3 ? Integer.MAX_VALUE : BEST_WIDTH_V2;
  }

  /** {@code sigs.k8s.io/yaml.Marshal(v)} (with its trailing newline). */
  public static String marshal(Object v) throws GoFormat.MarshalException {
    return emit(new GoYamlEmitter(false), toJsonModel(v, 0, new GoJsonToYaml()));
  }

  /**
   * A string as go-yaml v2 reads it back from Go's JSON (go-encoding's {@link GoJsonToYaml}): a NEL
   * folds; a NEL in a key, a folded document indicator or a control character fails the marshalling
   * (Helm's {@code toYaml} then prints nothing).
   */
  private static Object readBack(String s, GoJsonToYaml reader, boolean key)
      throws GoFormat.MarshalException {
    if (GoJsonToYaml.unchanged(s)) {
      return s;
    }
    try {
      return key ? reader.key(s) : reader.value(s);
    } catch (GoJsonToYaml.ReadBackException e) {
      throw new GoFormat.MarshalException(e.getMessage());
    }
  }

  /**
   * yaml.v3's {@code Encoder} with {@code SetIndent(2)} (Helm's {@code toYamlPretty}), with its
   * trailing newline.
   */
  public static String marshalPretty(Object v) throws GoFormat.MarshalException {
    return emit(new GoYamlEmitter(true), toV3Model(v, 0));
  }

  private static String emit(GoYamlEmitter e, Object model) {
    e.node(model, true, false, false, false);
    // document end
    e.writeIndent();
    if (e.openEnded) {
      e.writeIndicator("...", true, false, false);
      e.writeIndent();
    }
    return e.out.toString();
  }

  /** Converts a value to what go-yaml reads back from its JSON encoding. */
  private static Object toJsonModel(Object v, int depth, GoJsonToYaml reader)
      throws GoFormat.MarshalException {
    if (depth > 1000) {
      throw new GoFormat.MarshalException("json: unsupported value: encountered a cycle");
    }
    v = GoFormat.plain(v);
    if (v instanceof String s) {
      return readBack(s, reader, false);
    }
    if (v == null || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new GoFormat.MarshalException(
            "json: unsupported value: " + GoFormat.formatFloat(d, 'g', -1));
      }
      return yamlNumber(GoFormat.jsonFloat(d));
    }
    if (v instanceof Number n) {
      return yamlNumber(n.toString());
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof Map<?, ?> m) {
      // json.Marshal writes a map's keys sorted by their UTF-8 bytes (code point order): the
      // order in which go-yaml reads them back (and counts lines at NELs)
      List<String> keys = new ArrayList<>();
      Map<String, Object> byKey = new LinkedHashMap<>();
      for (var e : m.entrySet()) {
        keys.add(String.valueOf(e.getKey()));
        byKey.put(String.valueOf(e.getKey()), e.getValue());
      }
      keys.sort(GoJson::compareUtf8);
      Map<String, Object> r = new LinkedHashMap<>();
      for (String k : keys) {
        String key = (String) readBack(k, reader, true);
        r.put(key, toJsonModel(byKey.get(k), depth + 1, reader));
      }
      return r;
    }
    if (v instanceof List<?> l) {
      List<Object> r = new ArrayList<>(l.size());
      for (Object o : l) {
        r.add(toJsonModel(o, depth + 1, reader));
      }
      return r;
    }
    return readBack(v.toString(), reader, false);
  }

  /** The value as yaml.v3 encodes it directly: maps by string key, Go numbers kept. */
  private static Object toV3Model(Object v, int depth) throws GoFormat.MarshalException {
    if (depth > 1000) {
      throw new GoFormat.MarshalException("yaml: value too deeply nested");
    }
    if (v instanceof io.capstan.gotemplate.GoDuration d) {
      return d.toString(); // yaml.v3 writes a time.Duration as its String()
    }
    if (v instanceof io.capstan.gotemplate.GoTime t) {
      return new PlainScalar(t.format(GoFormat.RFC3339_NANO)); // a !!timestamp, unquoted
    }
    v = GoFormat.plain(v);
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Double
        || v instanceof Number) {
      return v instanceof Float f ? Double.valueOf(f) : v;
    }
    if (v instanceof byte[] b) {
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> r = new LinkedHashMap<>();
      for (var e : m.entrySet()) {
        r.put(String.valueOf(e.getKey()), toV3Model(e.getValue(), depth + 1));
      }
      return r;
    }
    if (v instanceof List<?> l) {
      List<Object> r = new ArrayList<>(l.size());
      for (Object o : l) {
        r.add(toV3Model(o, depth + 1));
      }
      return r;
    }
    return v.toString();
  }

  /** A scalar yaml.v3 writes plain whatever it looks like (its own typed values). */
  private record PlainScalar(String text) {}

  /** A JSON number as go-yaml v2 reads it: int64, uint64 or float64. */
  private static Object yamlNumber(String text) {
    Object r = GoYaml.resolve(text);
    return r instanceof String ? text : r;
  }

  // ---- structure ----

  private void node(Object v, boolean root, boolean sequence, boolean mapping, boolean simpleKey) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        writeIndicator("{", true, true, false);
        writeIndicator("}", false, false, false);
        return;
      }
      increaseIndent(false, false, sequence);
      List<String> keys = new ArrayList<>();
      for (Object k : m.keySet()) {
        keys.add((String) k);
      }
      keys.sort(GoYamlEmitter::naturalCompare);
      for (String k : keys) {
        writeIndent();
        scalar(k, false, false, true);
        writeIndicator(":", false, false, false);
        node(m.get(k), false, false, true, false);
      }
      popIndent();
      return;
    }
    if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        writeIndicator("[", true, true, false);
        writeIndicator("]", false, false, false);
        return;
      }
      increaseIndent(false, !v3 && mapping && !indention, sequence);
      for (Object o : l) {
        writeIndent();
        writeIndicator("-", true, false, true);
        node(o, false, true, false, false);
      }
      popIndent();
      return;
    }
    scalar(v, root, sequence, simpleKey);
  }

  private void scalar(Object v, boolean root, boolean sequenceItem, boolean simpleKey) {
    String text;
    char style;
    if (v == null) {
      text = "null";
      style = 'P';
    } else if (v instanceof String s) {
      text = s;
      if (s.indexOf('\n') >= 0) {
        style = 'L';
      } else if (!GoYaml.needsQuoting(s) && !(v3 && isOldBool(s))) {
        style = 'P';
      } else {
        style = 'D';
      }
    } else if (v instanceof PlainScalar p) {
      text = p.text();
      style = 'P';
    } else if (v instanceof Double d) {
      text = GoFormat.formatFloat(d, 'g', -1);
      if (Double.isInfinite(d)) {
        text = d > 0 ? ".inf" : "-.inf";
      } else if (Double.isNaN(d)) {
        text = ".nan";
      }
      style = 'P';
    } else {
      text = v.toString();
      style = 'P';
    }
    GoYamlScalars.Analysis a = GoYamlScalars.analyze(text);
    if (simpleKey && a.multiline()) {
      style = 'D';
    }
    if (style == 'P') {
      if (!a.plainAllowed()) {
        style = 'S';
      }
      if (text.isEmpty() && simpleKey) {
        style = 'S';
      }
    }
    if (style == 'S' && !a.singleQuotedAllowed()) {
      style = 'D';
    }
    if (style == 'L' && (!a.blockAllowed() || simpleKey)) {
      style = 'D';
    }
    increaseIndent(true, false, sequenceItem);
    switch (style) {
      case 'P' -> writePlain(text, !simpleKey);
      case 'S' -> writeSingleQuoted(text, !simpleKey);
      case 'D' -> writeDoubleQuoted(text, !simpleKey);
      default -> writeLiteral(text);
    }
    popIndent();
  }

  private void increaseIndent(boolean flow, boolean indentless, boolean sequenceItem) {
    indents.push(indent);
    if (indent < 0) {
      indent = flow ? BEST_INDENT : 0;
    } else if (!indentless) {
      if (!v3) {
        indent += BEST_INDENT;
      } else if (sequenceItem) {
        // yaml.v3: the first indent inside a sequence item just skips the "- " indicator
        indent += 2;
      } else {
        // yaml.v3: everything else aligns to the chosen indentation
        indent = BEST_INDENT * ((indent + BEST_INDENT) / BEST_INDENT);
      }
    }
  }

  /** yaml.v3 quotes YAML 1.1 booleans it would otherwise read back as strings. */
  private static boolean isOldBool(String s) {
    return switch (s) {
      case "y",
          "Y",
          "yes",
          "Yes",
          "YES",
          "on",
          "On",
          "ON",
          "n",
          "N",
          "no",
          "No",
          "NO",
          "off",
          "Off",
          "OFF" ->
          true;
      default -> false;
    };
  }

  private void popIndent() {
    indent = indents.pop();
  }

  // ---- low-level writers (libyaml's emitter) ----

  private void put(char c) {
    out.append(c);
    column++;
  }

  private void putBreak() {
    out.append('\n');
    column = 0;
  }

  private void writeCp(int cp) {
    out.appendCodePoint(cp);
    column++;
  }

  private void writeIndent() {
    int ind = Math.max(indent, 0);
    if (!indention || column > ind || (column == ind && !whitespace)) {
      putBreak();
    }
    while (column < ind) {
      put(' ');
    }
    whitespace = true;
    indention = true;
  }

  private void writeIndicator(
      String ind, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put(' ');
    }
    for (int i = 0; i < ind.length(); i++) {
      put(ind.charAt(i));
    }
    whitespace = isWhitespace;
    indention = indention && isIndention;
    openEnded = false;
  }

  private void writePlain(String s, boolean allowBreaks) {
    if (!whitespace) {
      put(' ');
    }
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        if (allowBreaks
            && !spaces
            && column > bestWidth
            && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
          writeIndent();
        } else {
          writeCp(c);
        }
        spaces = true;
      } else {
        writeCp(c);
        indention = false;
        spaces = false;
      }
    }
    whitespace = false;
    indention = false;
  }

  private void writeSingleQuoted(String s, boolean allowBreaks) {
    writeIndicator("'", true, false, false);
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    boolean breaks = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        if (allowBreaks
            && !spaces
            && column > bestWidth
            && i > 0
            && i < cps.length - 1
            && cps[i + 1] != ' ') {
          writeIndent();
        } else {
          writeCp(c);
        }
        spaces = true;
      } else if (GoYamlScalars.isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        if (c == '\'') {
          put('\'');
        }
        writeCp(c);
        indention = false;
        spaces = false;
        breaks = false;
      }
    }
    writeIndicator("'", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeBreak(int c) {
    if (c == '\n') {
      putBreak();
    } else {
      out.appendCodePoint(c);
      column = 0;
    }
  }

  private void writeDoubleQuoted(String s, boolean allowBreaks) {
    writeIndicator("\"", true, false, false);
    int[] cps = s.codePoints().toArray();
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (GoYamlScalars.needsEscape(c)) {
        for (char e : GoYamlScalars.escape(c).toCharArray()) {
          put(e);
        }
        spaces = false;
      } else if (c == ' ') {
        if (allowBreaks && !spaces && column > bestWidth && i != 0 && i != cps.length - 1) {
          writeIndent();
          if (i + 1 < cps.length && cps[i + 1] == ' ') {
            put('\\');
          }
        } else {
          writeCp(c);
        }
        spaces = true;
      } else {
        writeCp(c);
        spaces = false;
      }
    }
    writeIndicator("\"", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeLiteral(String s) {
    writeIndicator("|", true, false, false);
    int[] cps = s.codePoints().toArray();
    // block scalar hints
    if (cps.length > 0 && (cps[0] == ' ' || GoYamlScalars.isBreak(cps[0]))) {
      writeIndicator(String.valueOf((char) ('0' + BEST_INDENT)), false, false, false);
    }
    openEnded = false;
    String chomp = null;
    boolean keep = false;
    if (cps.length == 0) {
      chomp = "-";
    } else {
      int i = cps.length - 1;
      if (!GoYamlScalars.isBreak(cps[i])) {
        chomp = "-";
      } else if (i == 0) {
        chomp = "+";
        keep = true;
      } else if (GoYamlScalars.isBreak(cps[i - 1])) {
        chomp = "+";
        keep = true;
      }
    }
    if (chomp != null) {
      writeIndicator(chomp, false, false, false);
    }
    openEnded = keep;
    putBreak();
    indention = true;
    whitespace = true;
    boolean breaks = true;
    for (int c : cps) {
      if (GoYamlScalars.isBreak(c)) {
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
          breaks = false;
        }
        writeCp(c);
        indention = false;
      }
    }
  }

  /** go-yaml v2's key order (numbers inside keys compare numerically). */
  static int naturalCompare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return less(a, b) ? -1 : 1;
  }

  private static boolean less(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return ar[i] < br[i];
      }
      if (al || bl) {
        return bl;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
        an = an * 10 + (ar[ai] - '0');
      }
      int bi = i;
      for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
        bn = bn * 10 + (br[bi] - '0');
      }
      if (an != bn) {
        return an < bn;
      }
      if (ai != bi) {
        return ai < bi;
      }
      return ar[i] < br[i];
    }
    return ar.length < br.length;
  }
}
