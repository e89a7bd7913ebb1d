package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Resource;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * configMapGenerator / secretGenerator: builds a ConfigMap or Secret from env files, literals and
 * files (in that order), applies generator options (labels, annotations, immutable, hash suffix)
 * and the behavior used when it meets an existing object of the same id.
 */
public final class KvGenerator {
  private static final Pattern KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
  private static final Pattern ENV_NAME = Pattern.compile("^[-._a-zA-Z][-._a-zA-Z0-9]*$");

  private KvGenerator() {}

  /** Generates one object for a generator entry; {@code global} are the generatorOptions. */
  public static List<Resource> generate(
      String kind, JsonNode args, JsonNode global, FileLoader ldr) {
    String name = Resource.text(args.get("name"));
    if (name.isEmpty()) {
      throw new KustomizeException("a " + kind + " generator requires a name");
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    List<String[]> all = new ArrayList<>();
    for (JsonNode env : list(args.get("envs"))) {
      all.addAll(envPairs(ldr.load(Resource.text(env)), Resource.text(env)));
    }
    for (JsonNode lit : list(args.get("literals"))) {
      all.add(literal(Resource.text(lit)));
    }
    for (JsonNode f : list(args.get("files"))) {
      all.add(file(Resource.text(f), ldr));
    }
    for (String[] kv : all) {
      if (!KEY.matcher(kv[0]).matches()) {
        throw new KustomizeException(
            "\""
                + kv[0]
                + "\" is not a valid key name for a "
                + kind
                + ": a valid config key must"
                + " consist of alphanumeric characters, '-', '_' or '.'");
      }
      if (pairs.containsKey(kv[0])) {
        throw new KustomizeException(
            "configmap " + name + " illegally repeats the key `" + kv[0] + "`");
      }
      pairs.put(kv[0], kv[1]);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("apiVersion", "v1");
    o.put("kind", kind);
    ObjectNode md = o.putObject("metadata");
    md.put("name", name);
    String ns = Resource.text(args.get("namespace"));
    if (!ns.isEmpty()) {
      md.put("namespace", ns);
    }
    if (kind.equals("Secret")) {
      String type = Resource.text(args.get("type"));
      o.put("type", type.isEmpty() ? "Opaque" : type);
      if (!pairs.isEmpty()) {
        ObjectNode data = o.putObject("data");
        pairs.forEach((k, v) -> data.put(k, encodeBase64(v.getBytes(StandardCharsets.ISO_8859_1))));
      }
    } else {
      ObjectNode data = null;
      ObjectNode bin = null;
      for (Map.Entry<String, String> e : pairs.entrySet()) {
        byte[] raw = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
        String utf8 = decodeUtf8(raw);
        if (utf8 != null) {
          if (data == null) {
            data = o.putObject("data");
          }
          data.put(e.getKey(), utf8);
        } else {
          if (bin == null) {
            bin = o.putObject("binaryData");
          }
          bin.put(e.getKey(), encodeBase64(raw));
        }
      }
    }
    Options opts = Options.merge(args.get("options"), global);
    if (!opts.labels.isEmpty()) {
      ObjectNode l = md.putObject("labels");
      opts.labels.forEach(l::put);
    }
    if (!opts.annotations.isEmpty()) {
      ObjectNode a = md.putObject("annotations");
      opts.annotations.forEach(a::put);
    }
    if (opts.immutable) {
      o.put("immutable", true);
    }
    Resource r = new Resource(o);
    r.setBehavior(Resource.text(args.get("behavior")));
    String b = r.behavior();
    if (!b.isEmpty() && !b.equals("create") && !b.equals("merge") && !b.equals("replace")) {
      throw new KustomizeException(
          "invalid generator behavior '" + b + "' for " + kind + " " + name);
    }
    r.setNeedsHash(!opts.disableHash);
    return List.of(r);
  }

  private static List<JsonNode> list(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(out::add);
    }
    return out;
  }

  /** Values are carried as ISO-8859-1 strings so arbitrary bytes survive. */
  private static String raw(String utf8Text) {
    return new String(utf8Text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static List<String[]> envPairs(String content, String source) {
    List<String[]> out = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      line = line.stripLeading();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] kv = line.split("=", 2);
      if (!ENV_NAME.matcher(kv[0]).matches()) {
        throw new KustomizeException(
            "\""
                + kv[0]
                + "\" is not a valid key name: a valid environment variable name must"
                + " consist of alphabetic characters, digits, '_', '-', or '.', and must not start"
                + " with a digit (in "
                + source
                + ")");
      }
      String value = kv.length == 2 ? kv[1] : System.getenv().getOrDefault(kv[0], "");
      out.add(new String[] {kv[0], raw(value)});
    }
    return out;
  }

  static String[] literal(String source) {
    int eq = source.indexOf('=');
    if (eq <= 0) {
      throw new KustomizeException("invalid literal source " + source + ", expected key=value");
    }
    String key = source.substring(0, eq);
    String value = source.substring(eq + 1);
    if (value.length() >= 2) {
      char q = value.charAt(0);
      if ((q == '"' || q == '\'') && value.charAt(value.length() - 1) == q) {
        value = value.substring(1, value.length() - 1);
      }
    }
    return new String[] {key, raw(value)};
  }

  static String[] file(String source, FileLoader ldr) {
    String key;
    String path;
    int eq = source.indexOf('=');
    if (eq >= 0) {
      key = source.substring(0, eq);
      path = source.substring(eq + 1);
      if (key.isEmpty()) {
        throw new KustomizeException("key name for file path " + path + " missing");
      }
      if (path.isEmpty()) {
        throw new KustomizeException("file path for key name " + key + " missing");
      }
    } else {
      path = source;
      key = Path.of(source).getFileName().toString();
    }
    byte[] bytes = ldr.loadBytes(path);
    return new String[] {key, new String(bytes, StandardCharsets.ISO_8859_1)};
  }

  private static String decodeUtf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Base64 in lines of 70 characters, each ended by a newline when there is more than one. */
  static String encodeBase64(byte[] data) {
    String enc = Base64.getEncoder().encodeToString(data);
    int lines = enc.length() / 70 + 1;
    if (lines <= 1) {
      return enc;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < enc.length(); i += 70) {
      b.append(enc, i, Math.min(enc.length(), i + 70)).append('\n');
    }
    return b.toString();
  }

  /** Generator options after merging the kustomization-wide generatorOptions. */
  static final class Options {
    final Map<String, String> labels = new LinkedHashMap<>();
    final Map<String, String> annotations = new LinkedHashMap<>();
    boolean disableHash;
    boolean immutable;

    static Options merge(JsonNode local, JsonNode global) {
      Options o = new Options();
      if (local != null && local.isObject()) {
        o.labels.putAll(stringMap(local.get("labels")));
        o.annotations.putAll(stringMap(local.get("annotations")));
        o.disableHash = local.path("disableNameSuffixHash").asBoolean(false);
        o.immutable = local.path("immutable").asBoolean(false);
      }
      if (global != null && global.isObject()) {
        stringMap(global.get("labels")).forEach(o.labels::putIfAbsent);
        stringMap(global.get("annotations")).forEach(o.annotations::putIfAbsent);
        o.disableHash |= global.path("disableNameSuffixHash").asBoolean(false);
        o.immutable |= global.path("immutable").asBoolean(false);
      }
      return o;
    }

    private static Map<String, String> stringMap(JsonNode n) {
      Map<String, String> m = new LinkedHashMap<>();
      if (n != null && n.isObject()) {
        n.fields().forEachRemaining(e -> m.put(e.getKey(), Resource.text(e.getValue())));
      }
      return m;
    }
  }
}
