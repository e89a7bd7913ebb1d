package io.capstan.helm.engine;

import io.capstan.gotemplate.CallContext;
import io.capstan.gotemplate.Functions;
import io.capstan.gotemplate.TemplateException;
import io.capstan.gotemplate.TemplateSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm's own template functions (engine/funcs.go + the engine's {@code include}, {@code tpl},
 * {@code required}, {@code lookup}) on top of Sprig.
 */
final class HelmFunctions {
  /** Helm's {@code recursionMaxNums} for {@code include}. */
  static final int RECURSION_MAX = 1000;

  static final String WARN_START = "HELM_ERR_START";
  static final String WARN_END = "HELM_ERR_END";

  private HelmFunctions() {}

  /** Sprig (minus env/expandenv) plus Helm's functions; {@code include} counts per render. */
  static Functions create(Lookup lookup) {
    Map<String, Integer> includedNames = new HashMap<>();
    Functions f = Functions.sprig().without("env").without("expandenv");
    f =
        f.with(
                "include",
                (ctx, args) -> {
                  String name = str(args, 0);
                  Object data = args.size() > 1 ? args.get(1) : null;
                  int n = includedNames.getOrDefault(name, 0);
                  if (n > RECURSION_MAX) {
                    throw new TemplateException(
                        "rendering template has a nested reference name: "
                            + name
                            + ": unable to execute template");
                  }
                  if (!ctx.templates().has(name)) {
                    // Go's ExecuteTemplate on Helm's root template, which is named "gotpl"
                    throw new TemplateException(
                        "template: no template "
                            + goQuote(name)
                            + " associated with template "
                            + goQuote(TPL_NAME));
                  }
                  includedNames.put(name, n + 1);
                  try {
                    return ctx.executeNested(name, data);
                  } finally {
                    includedNames.put(name, includedNames.get(name) - 1);
                  }
                })
            .with("tpl", HelmFunctions::tpl)
            .with(
                "required",
                (ctx, args) -> {
                  String warn = str(args, 0);
                  Object val = args.size() > 1 ? args.get(1) : null;
                  if (val == null || "".equals(val)) {
                    throw new Exception(WARN_START + warn + WARN_END);
                  }
                  return val;
                })
            .with(
                "fail",
                (ctx, args) -> {
                  // Helm's engine replaces Sprig's fail: its message is shown without the chain
                  throw new Exception(WARN_START + str(args, 0) + WARN_END);
                })
            .with("toYaml", (ctx, args) -> toYaml(args.get(0), false))
            .with("toYamlPretty", (ctx, args) -> toYamlPretty(args.get(0)))
            .with("mustToYaml", (ctx, args) -> toYaml(args.get(0), true))
            .with(
                "fromYaml",
                (ctx, args) -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  try {
                    return GoYaml.parseMap(str(args, 0));
                  } catch (GoYaml.YamlException e) {
                    m.put("Error", e.getMessage());
                    return m;
                  }
                })
            .with(
                "fromYamlArray",
                (ctx, args) -> {
                  try {
                    Object o = GoYaml.parse(str(args, 0));
                    if (o == null) {
                      return new ArrayList<>();
                    }
                    if (o instanceof List) {
                      return o;
                    }
                    throw new GoYaml.YamlException(
                        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                            + GoYaml.jsonKind(o)
                            + " into Go value of type []interface {}");
                  } catch (GoYaml.YamlException e) {
                    List<Object> l = new ArrayList<>();
                    l.add(e.getMessage());
                    return l;
                  }
                })
            .with(
                "toJson",
                (ctx, args) -> {
                  try {
                    return GoFormat.toJson(args.get(0));
                  } catch (GoFormat.MarshalException e) {
                    return "";
                  }
                })
            .with("mustToJson", (ctx, args) -> GoFormat.toJson(args.get(0)))
            .with(
                "fromJson",
                (ctx, args) -> {
                  try {
                    Object o = GoFormat.fromJson(str(args, 0));
                    if (o instanceof Map) {
                      return o;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(
                        "Error",
                        "json: cannot unmarshal "
                            + GoYaml.jsonKind(o)
                            + " into Go value of type map[string]interface {}");
                    return m;
                  } catch (Exception e) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("Error", e.getMessage());
                    return m;
                  }
                })
            .with(
                "fromJsonArray",
                (ctx, args) -> {
                  try {
                    Object o = GoFormat.fromJson(str(args, 0));
                    if (o instanceof List) {
                      return o;
                    }
                    List<Object> l = new ArrayList<>();
                    l.add(
                        "json: cannot unmarshal "
                            + GoYaml.jsonKind(o)
                            + " into Go value of type []interface {}");
                    return l;
                  } catch (Exception e) {
                    List<Object> l = new ArrayList<>();
                    l.add(e.getMessage());
                    return l;
                  }
                })
            .with(
                "toToml",
                (ctx, args) -> {
                  try {
                    return Toml.encode(args.get(0));
                  } catch (Toml.EncodeException e) {
                    return e.getMessage();
                  }
                })
            .with("mustToToml", (ctx, args) -> Toml.encode(args.get(0)))
            .with(
                "fromToml",
                (ctx, args) -> {
                  try {
                    return TomlReader.read(str(args, 0));
                  } catch (TomlReader.TomlException e) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("Error", e.getMessage());
                    return m;
                  }
                })
            .with(
                "lookup",
                (ctx, args) ->
                    lookup.lookup(str(args, 0), str(args, 1), str(args, 2), str(args, 3)));
    return HelmDurations.register(f);
  }

  /** The name Helm v4 parses tpl text under (its root template's name). */
  static final String TPL_NAME = "gotpl";

  private static Object tpl(CallContext ctx, List<Object> args) throws Exception {
    String text = str(args, 0);
    Object vals = args.size() > 1 ? args.get(1) : null;
    if (text.isBlank()) {
      return text;
    }
    TemplateSet set = ctx.templates().copy();
    try {
      set.parse(TPL_NAME, text);
    } catch (TemplateException e) {
      throw new TemplateException(
          "cannot parse template " + goQuote(text) + ": " + e.getMessage(), e);
    }
    try {
      String out = set.execute(TPL_NAME, vals);
      return out.replace("<no value>", "");
    } catch (TemplateException e) {
      throw new TemplateException(
          "error during tpl function execution for " + goQuote(text) + ": " + e.getMessage(), e);
    }
  }

  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static Object toYamlPretty(Object v) {
    try {
      String s = GoYamlEmitter.marshalPretty(v);
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (GoFormat.MarshalException e) {
      return "";
    }
  }

  private static Object toYaml(Object v, boolean must) throws Exception {
    try {
      String s = GoYamlEmitter.marshal(v);
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (GoFormat.MarshalException e) {
      if (must) {
        throw e;
      }
      return "";
    }
  }

  private static String str(List<Object> args, int i) {
    if (i >= args.size() || args.get(i) == null) {
      return "";
    }
    Object o = args.get(i);
    if (o instanceof byte[] b) {
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    return o.toString();
  }
}
