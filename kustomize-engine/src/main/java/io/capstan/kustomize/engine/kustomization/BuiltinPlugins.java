package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.TransformerConfig;
import io.capstan.kustomize.engine.patch.JsonPatch;
import io.capstan.kustomize.engine.patch.PatchApplier;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceFactory;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.resource.Selector;
import io.capstan.kustomize.engine.transform.HashSuffixTransformer;
import io.capstan.kustomize.engine.transform.MetadataMapTransformer;
import io.capstan.kustomize.engine.transform.NameAffixTransformer;
import io.capstan.kustomize.engine.transform.NamespaceTransformer;
import io.capstan.kustomize.engine.transform.PatchTransformer;
import io.capstan.kustomize.engine.transform.ReplicaCountTransformer;
import io.capstan.kustomize.engine.transform.Transformer;
import io.capstan.kustomize.engine.transform.ValueAddTransformer;
import io.capstan.kustomize.engine.transform.replacement.ReplacementTransformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Built-in transformer and generator plugins configured by a resource listed under {@code
 * transformers:} or {@code generators:} ({@code apiVersion: builtin}). Anything else would be an
 * external (exec or container) plugin, which this engine refuses.
 */
final class BuiltinPlugins {
  private BuiltinPlugins() {}

  private static void requireBuiltin(ObjectNode cfg) {
    String apiVersion = Resource.text(cfg.get("apiVersion"));
    String kind = Resource.text(cfg.get("kind"));
    JsonNode annotations = cfg.path("metadata").path("annotations");
    if (annotations.has("config.kubernetes.io/function")
        || annotations.has("config.k8s.io/function")) {
      throw new KustomizeException(
          "KRM function plugin "
              + apiVersion
              + "/"
              + kind
              + " refused: exec and container functions are not allowed");
    }
    if (!apiVersion.equals("builtin")) {
      throw new KustomizeException(
          "external plugin "
              + apiVersion
              + "/"
              + kind
              + " refused: only apiVersion 'builtin' plugins are supported (exec and KRM function"
              + " plugins are disabled)");
    }
  }

  static Transformer transformer(
      ObjectNode cfg, FileLoader ldr, TransformerConfig tc, BuildContext ctx) {
    requireBuiltin(cfg);
    String kind = Resource.text(cfg.get("kind"));
    PatchApplier applier = new PatchApplier(ctx.openapi);
    List<FieldSpec> specs = specs(cfg.get("fieldSpecs"));
    switch (kind) {
      case "AnnotationsTransformer":
        return new MetadataMapTransformer(Resource.stringMapOf(cfg.get("annotations")), specs);
      case "LabelTransformer":
        return new MetadataMapTransformer(Resource.stringMapOf(cfg.get("labels")), specs);
      case "NamespaceTransformer":
        return new NamespaceTransformer(
            Resource.text(cfg.path("metadata").get("namespace")),
            specs,
            cfg.path("unsetOnly").asBoolean(false),
            Resource.text(cfg.get("setRoleBindingSubjects")));
      case "PrefixSuffixTransformer":
        {
          String prefix = Resource.text(cfg.get("prefix"));
          String suffix = Resource.text(cfg.get("suffix"));
          return m -> {
            new NameAffixTransformer(prefix, true, specs).transform(m);
            new NameAffixTransformer(suffix, false, specs).transform(m);
          };
        }
      case "PrefixTransformer":
        return new NameAffixTransformer(Resource.text(cfg.get("prefix")), true, specs);
      case "SuffixTransformer":
        return new NameAffixTransformer(Resource.text(cfg.get("suffix")), false, specs);
      case "ImageTagTransformer":
        return BuiltinTransformers.image(cfg.path("imageTag"), specs);
      case "ReplicaCountTransformer":
        return new ReplicaCountTransformer(
            Resource.text(cfg.path("replica").get("name")),
            cfg.path("replica").path("count").asLong(0),
            specs);
      case "PatchTransformer":
        return patch(FieldNames.canonicalizePlugin(cfg, kind), ldr, applier);
      case "PatchStrategicMergeTransformer":
        {
          List<String> paths = new ArrayList<>();
          JsonNode ps = cfg.get("paths");
          if (ps != null && ps.isArray()) {
            ps.forEach(p -> paths.add(Resource.text(p)));
          }
          return legacySmp(paths, Resource.text(cfg.get("patches")), ldr, applier);
        }
      case "PatchJson6902Transformer":
        return json6902(
            cfg.get("target"),
            Resource.text(cfg.get("path")),
            Resource.text(cfg.get("jsonOp")),
            ldr,
            applier);
      case "ReplacementTransformer":
        {
          List<JsonNode> reps = new ArrayList<>();
          JsonNode rs = cfg.get("replacements");
          if (rs != null && rs.isArray()) {
            rs.forEach(reps::add);
          }
          return ReplacementTransformer.of(reps, ldr::load);
        }
      case "HashTransformer":
        return new HashSuffixTransformer();
      case "ValueAddTransformer":
        {
          String tf = Resource.text(cfg.get("targetFilePath"));
          JsonNode file =
              tf.isEmpty()
                  ? null
                  : io.capstan.kustomize.engine.yaml.YamlReader.readOne(
                      ldr.load(tf), ldr.resolve(tf).toString());
          return ValueAddTransformer.of(cfg, file);
        }
      case "SortOrderTransformer":
        // kustomize v5.5 runs its sort only from the kustomization's sortOptions; the plugin is
        // not in its table of loadable builtin transformers.
        throw new KustomizeException("unable to load builtin " + gvkText(kind));
      case "ConfigMapGenerator", "SecretGenerator", "IAMPolicyGenerator":
        throw new KustomizeException("plugin " + pluginId(cfg) + " not a transformer");
      default:
        throw new KustomizeException("unknown builtin transformer kind '" + kind + "'");
    }
  }

  static List<Resource> generate(ObjectNode cfg, FileLoader ldr, BuildContext ctx) {
    requireBuiltin(cfg);
    String kind = Resource.text(cfg.get("kind"));
    ObjectNode args = cfg.deepCopy();
    JsonNode md = cfg.get("metadata");
    if (md != null && !args.has("name")) {
      args.put("name", Resource.text(md.get("name")));
    }
    if (md != null && !args.has("namespace") && md.has("namespace")) {
      args.put("namespace", Resource.text(md.get("namespace")));
    }
    switch (kind) {
      case "ConfigMapGenerator":
        return KvGenerator.generate("ConfigMap", args, null, ldr);
      case "SecretGenerator":
        return KvGenerator.generate("Secret", args, null, ldr);
      case "IAMPolicyGenerator":
        return IamPolicyGenerator.generate(cfg);
      case "SortOrderTransformer":
        throw new KustomizeException(
            "loading generator plugins: failed to load generator: unable to load builtin "
                + gvkText(kind));
      case "AnnotationsTransformer",
      "LabelTransformer",
      "NamespaceTransformer",
      "PrefixSuffixTransformer",
      "PrefixTransformer",
      "SuffixTransformer",
      "ImageTagTransformer",
      "ReplicaCountTransformer",
      "PatchTransformer",
      "PatchStrategicMergeTransformer",
      "PatchJson6902Transformer",
      "ReplacementTransformer",
      "HashTransformer",
      "ValueAddTransformer":
        throw new KustomizeException(
            "loading generator plugins: failed to load generator: plugin "
                + pluginId(cfg)
                + " not a generator");
      default:
        throw new KustomizeException("unknown builtin generator kind '" + kind + "'");
    }
  }

  /** Go's {@code %q} of a string (the control characters kustomize's messages may hold). */
  private static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Kustomize's {@code Gvk.String()} of a builtin plugin: {@code Kind.builtin.[noGrp]}. */
  private static String gvkText(String kind) {
    return kind + ".builtin.[noGrp]";
  }

  /** Kustomize's {@code ResId.String()} of a plugin config: {@code Kind.builtin.[noGrp]/n.ns}. */
  private static String pluginId(ObjectNode cfg) {
    JsonNode md = cfg.path("metadata");
    String ns = Resource.text(md.get("namespace"));
    return gvkText(Resource.text(cfg.get("kind")))
        + "/"
        + Resource.text(md.get("name"))
        + "."
        + (ns.isEmpty() ? "[noNs]" : ns);
  }

  private static List<FieldSpec> specs(JsonNode n) {
    List<FieldSpec> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(f -> TransformerConfig.mergeSpec(out, FieldSpec.of(f)));
    }
    return out;
  }

  static Transformer patch(JsonNode p, FileLoader ldr, PatchApplier applier) {
    String patch = Resource.text(p.get("patch")).trim();
    String path = Resource.text(p.get("path"));
    if (patch.isEmpty() && path.isEmpty()) {
      throw new KustomizeException("must specify one of patch and path in\n" + p);
    }
    if (!patch.isEmpty() && !path.isEmpty()) {
      throw new KustomizeException("patch and path can't be set at the same time\n" + p);
    }
    String source = "inline patch";
    if (!path.isEmpty()) {
      patch = ldr.load(path);
      source = ldr.resolve(path).toString();
    }
    JsonNode target = p.get("target");
    if (target != null
        && !target.isNull()
        && JsonPatch.parse(patch, source) == null
        && ResourceFactory.fromText(patch, source).size() > 1) {
      throw new KustomizeException(
          "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set"
              + " `patches.target` field: ["
              + (path.isEmpty()
                  ? "patch: " + goQuote(Resource.text(p.get("patch")))
                  : "path: " + goQuote(path))
              + "]");
    }
    JsonNode opts = p.path("options");
    return PatchTransformer.of(
        patch,
        source,
        BuiltinTransformers.selector(p.get("target")),
        opts.path("allowNameChange").asBoolean(false),
        opts.path("allowKindChange").asBoolean(false),
        applier);
  }

  static Transformer legacySmp(
      List<String> paths, String inline, FileLoader ldr, PatchApplier applier) {
    if (paths.isEmpty() && inline.isEmpty()) {
      throw new KustomizeException("empty file path and empty patch content");
    }
    List<Resource> patches = new ArrayList<>();
    for (String path : paths) {
      List<Resource> loaded = null;
      if (path.contains("\n") || path.contains(": ")) {
        try {
          loaded = ResourceFactory.fromText(path, "inline patch");
        } catch (KustomizeException e) {
          loaded = null;
        }
      }
      if (loaded == null || loaded.isEmpty()) {
        loaded = ResourceFactory.fromText(ldr.load(path), ldr.resolve(path).toString());
      }
      patches.addAll(loaded);
    }
    if (!inline.isEmpty()) {
      patches.addAll(ResourceFactory.fromText(inline, "inline patch"));
    }
    if (patches.isEmpty()) {
      throw new KustomizeException(
          "patch appears to be empty; files=" + paths + ", Patch=" + inline);
    }
    return m -> {
      for (Resource patch : patches) {
        Resource target;
        try {
          target = m.getById(patch.orgId());
        } catch (KustomizeException e) {
          throw new KustomizeException(
              "no resource matches strategic merge patch \""
                  + patch.orgId()
                  + "\": "
                  + e.getMessage());
        }
        applier.applySmp(m, List.of(target), patch);
      }
    };
  }

  static Transformer json6902(
      JsonNode target, String path, String jsonOp, FileLoader ldr, PatchApplier applier) {
    if (target == null || target.isNull()) {
      throw new KustomizeException("must specify a target for patch " + jsonOp);
    }
    if (Resource.text(target.get("name")).isEmpty()) {
      throw new KustomizeException("must specify the target name");
    }
    if (path.isEmpty() && jsonOp.isEmpty()) {
      throw new KustomizeException("empty file path and empty jsonOp");
    }
    if (!path.isEmpty() && !jsonOp.isEmpty()) {
      throw new KustomizeException("must specify a file path or jsonOp, not both");
    }
    String text = path.isEmpty() ? jsonOp : ldr.load(path);
    JsonPatch patch =
        JsonPatch.parse(text, path.isEmpty() ? "jsonOp" : ldr.resolve(path).toString());
    if (patch == null) {
      throw new KustomizeException(
          "unable to parse JSON patch from " + (path.isEmpty() ? text : path));
    }
    Selector sel = Selector.of(target);
    return (ResourceMap m) -> {
      for (Resource r : m.select(sel)) {
        PatchApplier.applyJson(r, patch);
      }
    };
  }
}
