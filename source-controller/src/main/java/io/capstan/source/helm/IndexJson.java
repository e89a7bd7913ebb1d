package io.capstan.source.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.goencoding.GoFloats;
import io.capstan.goencoding.GoJson;
import io.capstan.goencoding.GoJsonTrees;
import io.capstan.goencoding.GoJsonWriter;
import io.capstan.helm.engine.SemverRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flux's HelmRepository artifact content: the downloaded index loaded as Helm's {@code
 * repo.IndexFile} (Flux's {@code IndexFromBytes}: a missing entry metadata defaults to {@code
 * apiVersion: v1}, entries failing Helm's {@code Metadata.Validate} are dropped, the strings it
 * sanitises are sanitised, each chart's versions sorted newest first by {@code SortEntries}) and
 * written back by Go's {@code json.MarshalIndent(index, "", " ")}: struct field order, {@code
 * omitempty}, map keys in byte order, RFC 3339 times, HTML-safe string escapes, {@code null} for a
 * missing {@code urls} list.
 *
 * <p>The JSON is written by go-encoding's {@link GoJsonWriter}; this class keeps only what is
 * Helm's: the field lists of {@code IndexFile}, {@code ChartVersion}, {@code Metadata}, {@code
 * Maintainer} and {@code Dependency} in their Go struct order with their {@code omitempty} flags (a
 * Go struct's order cannot be derived from the data, so it is spelled out here, once).
 *
 * <p>The index is read as a token stream and only one chart version is held as a tree at a time;
 * each is kept as its JSON text (about the size of the output in total).
 *
 * <p>Versions of equal precedence (differing only in build metadata or a {@code v} prefix) end up
 * in the order Go's unstable {@code sort.Sort} leaves them ({@link GoSort}).
 */
public final class IndexJson {

  private static final ObjectMapper YAML = new ObjectMapper(yamlFactory());
  private static final Pattern ALIAS = Pattern.compile("^[a-zA-Z0-9_-]+$");
  private static final Pattern RFC3339 =
      Pattern.compile(
          "^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$");
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private static YAMLFactory yamlFactory() {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  private IndexJson() {}

  /**
   * Writes Flux's JSON form of the index file {@code index} to {@code out}.
   *
   * @throws ChartRepositoryException.InvalidIndex when Go's unmarshalling would fail (a mapping
   *     where a string is expected, an invalid time, no {@code apiVersion})
   */
  public static void write(Path index, Path out) throws ChartRepositoryException, IOException {
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(index));
        java.io.Writer w =
            new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8),
                1 << 16)) {
      write(in, w);
    }
  }

  /** Writes Flux's JSON form of an index read from {@code in} (not closed) to {@code w}. */
  public static void write(InputStream in, java.io.Writer w)
      throws ChartRepositoryException, IOException {
    java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(in);
    boolean strict = !startsWithBrace(buffered);
    toJson(buffered, strict, w);
  }

  private static final java.util.Set<String> TOP_FIELDS =
      java.util.Set.of(
          "serverInfo", "apiVersion", "generated", "entries", "publicKeys", "annotations");
  private static final java.util.Set<String> VERSION_FIELDS =
      java.util.Set.of(
          "name",
          "home",
          "sources",
          "version",
          "description",
          "keywords",
          "maintainers",
          "icon",
          "apiVersion",
          "condition",
          "tags",
          "appVersion",
          "deprecated",
          "annotations",
          "kubeVersion",
          "dependencies",
          "type",
          "urls",
          "created",
          "removed",
          "digest",
          "checksum",
          "engine",
          "tillerVersion",
          "url");
  private static final java.util.Set<String> MAINTAINER_FIELDS =
      java.util.Set.of("name", "email", "url");
  private static final java.util.Set<String> DEPENDENCY_FIELDS =
      java.util.Set.of(
          "name",
          "version",
          "repository",
          "condition",
          "tags",
          "enabled",
          "import-values",
          "alias");

  /**
   * Flux's JSON form of an index read from {@code in} (not closed). A YAML index is read strictly
   * as Flux's {@code yaml.UnmarshalStrict} (an unknown field fails it), a JSON one ({@code {} first)
   * leniently as {@code json.Unmarshal}.
   */
  public static byte[] toJson(InputStream in) throws ChartRepositoryException {
    java.io.StringWriter w = new java.io.StringWriter();
    try {
      write(in, w);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether the index is JSON as Go's {@code json.Valid} would see it, approximated by its first
   * non-whitespace byte being {@code '{'} (a UTF-8 BOM makes it YAML, as in Go).
   */
  private static boolean startsWithBrace(java.io.BufferedInputStream in)
      throws ChartRepositoryException {
    try {
      in.mark(1 << 16);
      int b;
      int read = 0;
      do {
        b = in.read();
        read++;
      } while ((b == ' ' || b == '\n' || b == '\r' || b == '\t') && read < (1 << 16));
      in.reset();
      return b == '{';
    } catch (IOException e) {
      throw new ChartRepositoryException.InvalidIndex(
          "error unmarshaling index: " + e.getMessage(), e);
    }
  }

  private static void known(JsonNode n, java.util.Set<String> fields, boolean strict)
      throws IOException {
    if (!strict) {
      return;
    }
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new IOException(invalid("unknown field \"" + f + "\""));
      }
    }
  }

  private static void toJson(InputStream in, boolean strict, java.io.Writer w)
      throws ChartRepositoryException, IOException {
    JsonNode serverInfo = null;
    String apiVersion = "";
    String generated = ZERO_TIME;
    TreeMap<String, List<Version>> entries = null;
    List<String> publicKeys = List.of();
    Map<String, String> annotations = Map.of();
    try (JsonParser p = YAML.getFactory().createParser(in)) {
      p.setCodec(YAML);
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ChartRepositoryException.InvalidIndex("empty index.yaml file", null);
      }
      if (first != JsonToken.START_OBJECT) {
        throw invalid("the document is not a mapping");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "serverInfo" -> serverInfo = p.readValueAsTree();
          case "apiVersion" -> apiVersion = coerced(p.readValueAsTree(), "apiVersion");
          case "generated" -> generated = time(p.readValueAsTree(), "generated");
          case "publicKeys" -> publicKeys = coercedList(p.readValueAsTree(), "publicKeys");
          case "annotations" -> annotations = stringMapOf(p.readValueAsTree(), "annotations", true);
          case "entries" -> {
            if (value == JsonToken.VALUE_NULL) {
              entries = null;
            } else if (value != JsonToken.START_OBJECT) {
              throw invalid("cannot unmarshal entries into map");
            } else {
              entries = readEntries(p, strict);
            }
          }
          default -> {
            if (strict) {
              throw new IOException(invalid("unknown field \"" + field + "\""));
            }
            p.skipChildren();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e.getCause() instanceof ChartRepositoryException c) {
        throw c;
      }
      throw new ChartRepositoryException.InvalidIndex(
          "error unmarshaling index: " + firstLine(e.getMessage()), e);
    }
    if (apiVersion.isEmpty()) {
      throw new ChartRepositoryException.InvalidIndex("no API version specified", null);
    }
    StringBuilder sb = new StringBuilder(1 << 16);
    GoJsonWriter out = new GoJsonWriter(sb).indent("", "  ").beginObject();
    if (serverInfo != null && serverInfo.isObject() && !serverInfo.isEmpty()) {
      out.field("serverInfo", GoJsonTrees.asGoAny(serverInfo));
    }
    out.field("apiVersion", apiVersion).field("generated", generated).key("entries");
    if (entries == null) {
      out.value(null);
    } else {
      out.beginObject();
      for (Map.Entry<String, List<Version>> e : entries.entrySet()) {
        out.key(e.getKey()).beginArray();
        for (Version v : e.getValue()) {
          out.raw(v.json());
          if (sb.length() >= 1 << 15) {
            w.append(sb);
            sb.setLength(0);
          }
        }
        out.endArray();
      }
      out.endObject();
    }
    if (!publicKeys.isEmpty()) {
      out.field("publicKeys", publicKeys);
    }
    if (!annotations.isEmpty()) {
      out.field("annotations", annotations);
    }
    out.endObject();
    w.append(sb);
  }

  /** One chart version: its semver for sorting and its JSON text (indented for depth 3). */
  private record Version(SemverRange.Version semver, String json) {}

  private static TreeMap<String, List<Version>> readEntries(JsonParser p, boolean strict)
      throws IOException {
    TreeMap<String, List<Version>> entries = new TreeMap<>(GoJson::compareUtf8);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String chart = p.currentName();
      JsonToken list = p.nextToken();
      List<Version> versions = new ArrayList<>();
      if (list == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          JsonNode node = p.readValueAsTree();
          Version v = version(node, strict);
          if (v != null) {
            versions.add(v);
          }
        }
      } else if (list != JsonToken.VALUE_NULL) {
        throw new IOException(
            new ChartRepositoryException.InvalidIndex(
                "error unmarshaling index: cannot unmarshal entry '" + chart + "' into a list",
                null));
      }
      // Helm's SortEntries: sort.Sort(sort.Reverse(versions)), Go's unstable sort included
      GoSort.sort(versions, Comparator.comparing(Version::semver).reversed());
      entries.put(chart, versions);
    }
    return entries;
  }

  /** A chart version as Go's JSON, or null when Helm's validation drops it. */
  private static Version version(JsonNode n, boolean strict) throws IOException {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new IOException(invalid("cannot unmarshal a chart version that is not a mapping"));
    }
    known(n, VERSION_FIELDS, strict);
    String name = sanitize(string(n.get("name"), "name"));
    String home = sanitize(string(n.get("home"), "home"));
    List<String> sources = sanitize(strings(n.get("sources"), "sources"));
    String version = string(n.get("version"), "version");
    String description = sanitize(string(n.get("description"), "description"));
    List<String> keywords = sanitize(strings(n.get("keywords"), "keywords"));
    List<String[]> maintainers = maintainers(n.get("maintainers"), strict);
    String icon = sanitize(string(n.get("icon"), "icon"));
    String apiVersion = string(n.get("apiVersion"), "apiVersion");
    if (apiVersion.isEmpty()) {
      apiVersion = "v1";
    }
    String condition = sanitize(string(n.get("condition"), "condition"));
    String tags = sanitize(string(n.get("tags"), "tags"));
    String appVersion = sanitize(string(n.get("appVersion"), "appVersion"));
    boolean deprecated = bool(n.get("deprecated"), "deprecated");
    Map<String, String> annotations = stringMapOf(n.get("annotations"), "annotations", false);
    String kubeVersion = sanitize(string(n.get("kubeVersion"), "kubeVersion"));
    List<JsonNode> dependencies = list(n.get("dependencies"), "dependencies");
    String type = string(n.get("type"), "type");
    JsonNode urlsNode = n.get("urls");
    List<String> urls =
        urlsNode == null || urlsNode.isNull() ? null : coercedList(urlsNode, "urls");
    String created = time(n.get("created"), "created");
    boolean removed = bool(n.get("removed"), "removed");
    // ChartVersion's own fields (not the embedded metadata's) are coerced by sigs.k8s.io/yaml
    String digest = coerced(n.get("digest"), "digest");
    String checksum = coerced(n.get("checksum"), "checksum");
    String engine = coerced(n.get("engine"), "engine");
    String tillerVersion = coerced(n.get("tillerVersion"), "tillerVersion");
    String url = coerced(n.get("url"), "url");

    // Helm's Metadata.Validate (the order of its checks; a failing entry is dropped)
    if (name.isEmpty() || name.equals(".") || name.equals("..") || !name.equals(base(name))) {
      return null;
    }
    if (version.isEmpty() || !SemverRange.isValidVersion(version)) {
      return null;
    }
    if (!type.isEmpty() && !type.equals("application") && !type.equals("library")) {
      return null;
    }
    if (maintainers.contains(null)) {
      return null;
    }
    List<Map<String, Object>> deps = new ArrayList<>();
    for (JsonNode d : dependencies) {
      if (d == null || d.isNull()) {
        return null;
      }
      if (!d.isObject()) {
        throw new IOException(invalid("cannot unmarshal a dependency that is not a mapping"));
      }
      known(d, DEPENDENCY_FIELDS, strict);
      Map<String, Object> dep = new java.util.LinkedHashMap<>();
      dep.put("name", sanitize(string(d.get("name"), "name")));
      dep.put("version", sanitize(string(d.get("version"), "version")));
      dep.put("repository", sanitize(string(d.get("repository"), "repository")));
      dep.put("condition", sanitize(string(d.get("condition"), "condition")));
      dep.put("tags", sanitize(strings(d.get("tags"), "tags")));
      dep.put("enabled", bool(d.get("enabled"), "enabled"));
      dep.put("import-values", list(d.get("import-values"), "import-values"));
      String alias = string(d.get("alias"), "alias");
      if (!alias.isEmpty() && !ALIAS.matcher(alias).matches()) {
        return null;
      }
      dep.put("alias", alias);
      deps.add(dep);
    }
    // (duplicate names or aliases are a validation error Flux ignores for indexes)

    // Helm's ChartVersion: the embedded Metadata's fields, then its own, in struct order
    StringBuilder sb = new StringBuilder(512);
    GoJsonWriter f = new GoJsonWriter(sb, 3).indent("", "  ").beginObject();
    omitEmpty(f, "name", name);
    omitEmpty(f, "home", home);
    omitEmpty(f, "sources", sources);
    omitEmpty(f, "version", version);
    omitEmpty(f, "description", description);
    omitEmpty(f, "keywords", keywords);
    if (!maintainers.isEmpty()) {
      f.key("maintainers").beginArray();
      for (String[] m : maintainers) {
        f.beginObject();
        omitEmpty(f, "name", m[0]);
        omitEmpty(f, "email", m[1]);
        omitEmpty(f, "url", m[2]);
        f.endObject();
      }
      f.endArray();
    }
    omitEmpty(f, "icon", icon);
    omitEmpty(f, "apiVersion", apiVersion);
    omitEmpty(f, "condition", condition);
    omitEmpty(f, "tags", tags);
    omitEmpty(f, "appVersion", appVersion);
    omitFalse(f, "deprecated", deprecated);
    if (!annotations.isEmpty()) {
      f.field("annotations", annotations);
    }
    omitEmpty(f, "kubeVersion", kubeVersion);
    if (!deps.isEmpty()) {
      f.key("dependencies").beginArray();
      for (Map<String, Object> d : deps) {
        // Helm's Dependency: name and repository have no omitempty
        f.beginObject().field("name", d.get("name"));
        omitEmpty(f, "version", (String) d.get("version"));
        f.field("repository", d.get("repository"));
        omitEmpty(f, "condition", (String) d.get("condition"));
        @SuppressWarnings("unchecked")
        List<String> depTags = (List<String>) d.get("tags");
        omitEmpty(f, "tags", depTags);
        omitFalse(f, "enabled", (Boolean) d.get("enabled"));
        @SuppressWarnings("unchecked")
        List<JsonNode> imports = (List<JsonNode>) d.get("import-values");
        if (!imports.isEmpty()) {
          f.key("import-values").beginArray();
          for (JsonNode i : imports) {
            f.value(GoJsonTrees.asGoAny(i));
          }
          f.endArray();
        }
        omitEmpty(f, "alias", (String) d.get("alias"));
        f.endObject();
      }
      f.endArray();
    }
    omitEmpty(f, "type", type);
    f.field("urls", urls);
    f.field("created", created);
    omitFalse(f, "removed", removed);
    omitEmpty(f, "digest", digest);
    omitEmpty(f, "checksum", checksum);
    omitEmpty(f, "engine", engine);
    omitEmpty(f, "tillerVersion", tillerVersion);
    omitEmpty(f, "url", url);
    f.endObject();
    return new Version(SemverRange.version(version), sb.toString());
  }

  /** A string field with {@code omitempty}. */
  private static void omitEmpty(GoJsonWriter w, String name, String value) {
    if (!value.isEmpty()) {
      w.field(name, value);
    }
  }

  /** A list field with {@code omitempty}. */
  private static void omitEmpty(GoJsonWriter w, String name, List<String> value) {
    if (!value.isEmpty()) {
      w.field(name, value);
    }
  }

  /** A boolean field with {@code omitempty}. */
  private static void omitFalse(GoJsonWriter w, String name, boolean value) {
    if (value) {
      w.field(name, true);
    }
  }

  private static List<String[]> maintainers(JsonNode n, boolean strict) throws IOException {
    List<String[]> out = new ArrayList<>();
    for (JsonNode m : list(n, "maintainers")) {
      if (m == null || m.isNull()) {
        out.add(null);
        continue;
      }
      if (!m.isObject()) {
        throw new IOException(invalid("cannot unmarshal a maintainer that is not a mapping"));
      }
      known(m, MAINTAINER_FIELDS, strict);
      out.add(
          new String[] {
            sanitize(string(m.get("name"), "name")),
            sanitize(string(m.get("email"), "email")),
            sanitize(string(m.get("url"), "url"))
          });
    }
    return out;
  }

  private static List<JsonNode> list(JsonNode n, String field) throws IOException {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IOException(invalid("cannot unmarshal " + field + " into a list"));
    }
    List<JsonNode> out = new ArrayList<>(n.size());
    n.forEach(out::add);
    return out;
  }

  private static List<String> strings(JsonNode n, String field) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode e : list(n, field)) {
      out.add(string(e, field));
    }
    return out;
  }

  private static Map<String, String> stringMapOf(JsonNode n, String field, boolean coerce)
      throws IOException {
    Map<String, String> out = new TreeMap<>(GoJson::compareUtf8);
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new IOException(invalid("cannot unmarshal " + field + " into a map"));
    }
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), coerce ? coerced(e.getValue(), field) : string(e.getValue(), field));
    }
    return out;
  }

  /**
   * A string field of the chart metadata (embedded by pointer, so sigs.k8s.io/yaml cannot coerce
   * into it): a string, or null as empty; anything else fails the index as in Flux.
   */
  private static String string(JsonNode n, String field) throws IOException {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "";
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    throw new IOException(invalid("cannot unmarshal " + n.getNodeType() + " into " + field));
  }

  private static List<String> coercedList(JsonNode n, String field) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode e : list(n, field)) {
      out.add(coerced(e, field));
    }
    return out;
  }

  /**
   * A string field sigs.k8s.io/yaml coerces: a string as is, a number or boolean in its Go text
   * form ({@code FormatFloat(f, 'g', -1, 32)} for floats), null as empty.
   */
  private static String coerced(JsonNode n, String field) throws IOException {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "";
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue() ? "true" : "false";
    }
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().toString();
    }
    if (n.isNumber()) {
      return GoFloats.format(n.doubleValue(), 'g', 32);
    }
    throw new IOException(invalid("cannot unmarshal " + field + " into a string"));
  }

  private static boolean bool(JsonNode n, String field) throws IOException {
    if (n == null || n.isNull()) {
      return false;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    throw new IOException(invalid("cannot unmarshal " + field + " into a bool"));
  }

  /** A time as Go's time.Time round trip: RFC 3339 in, RFC3339Nano out; absent: the zero time. */
  private static String time(JsonNode n, String field) throws IOException {
    if (n == null || n.isNull()) {
      return ZERO_TIME;
    }
    String text = n.isTextual() ? n.textValue() : null;
    Matcher m = text == null ? null : RFC3339.matcher(text);
    if (m == null || !m.matches()) {
      throw new IOException(
          invalid(
              "parsing time "
                  + (text == null ? n.toString() : "\"" + text + "\"")
                  + " ("
                  + field
                  + ") as RFC 3339"));
    }
    StringBuilder out = new StringBuilder(35);
    out.append(text, 0, 19);
    String frac = m.group(7);
    if (frac != null) {
      String digits = frac.substring(1).replaceAll("0+$", "");
      if (!digits.isEmpty()) {
        out.append('.').append(digits);
      }
    }
    String zone = m.group(8);
    out.append(zone.equals("+00:00") || zone.equals("-00:00") ? "Z" : zone);
    return out.toString();
  }

  private static String sanitize(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      String repl = null;
      if (isGoSpace(cp)) {
        if (cp != ' ') {
          repl = " ";
        }
      } else if (!isGoPrint(cp)) {
        repl = "";
      }
      if (repl != null && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        if (repl != null) {
          out.append(repl);
        } else {
          out.appendCodePoint(cp);
        }
      }
      i += len;
    }
    return out == null ? s : out.toString();
  }

  private static List<String> sanitize(List<String> list) {
    List<String> out = new ArrayList<>(list.size());
    for (String s : list) {
      out.add(sanitize(s));
    }
    return out;
  }

  /** Go's {@code unicode.IsSpace}. */
  private static boolean isGoSpace(int cp) {
    return switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
      default -> cp > 0xFF && Character.isSpaceChar(cp) && cp != 0x200B;
    };
  }

  /**
   * Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII
   * space.
   */
  private static boolean isGoPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** Go's {@code filepath.Base} on Linux. */
  private static String base(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    int i = p.lastIndexOf('/');
    if (i >= 0 && p.length() > 1) {
      p = p.substring(i + 1);
    }
    return p.isEmpty() ? "." : p;
  }

  private static ChartRepositoryException.InvalidIndex invalid(String message) {
    return new ChartRepositoryException.InvalidIndex("error unmarshaling index: " + message, null);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
