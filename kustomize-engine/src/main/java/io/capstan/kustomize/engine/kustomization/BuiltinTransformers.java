package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.TransformerConfig;
import io.capstan.kustomize.engine.patch.PatchApplier;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.Selector;
import io.capstan.kustomize.engine.transform.ImageTagTransformer;
import io.capstan.kustomize.engine.transform.MetadataMapTransformer;
import io.capstan.kustomize.engine.transform.NameAffixTransformer;
import io.capstan.kustomize.engine.transform.NamespaceTransformer;
import io.capstan.kustomize.engine.transform.ReplicaCountTransformer;
import io.capstan.kustomize.engine.transform.Transformer;
import io.capstan.kustomize.engine.transform.replacement.ReplacementTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The transformers a kustomization's own fields configure, in kustomize's fixed order: legacy
 * strategic-merge patches, patches, namespace, prefix, suffix, labels, annotations, legacy JSON
 * patches, replicas, images, replacements.
 */
final class BuiltinTransformers {
  private BuiltinTransformers() {}

  static List<Named> fromKustomization(
      Kustomization k, TransformerConfig tc, FileLoader ldr, BuildContext ctx) {
    List<Named> out = new ArrayList<>();
    PatchApplier applier = new PatchApplier(ctx.openapi);
    List<JsonNode> psm = k.nodes("patchesStrategicMerge");
    if (!psm.isEmpty()) {
      List<String> paths = new ArrayList<>();
      psm.forEach(n -> paths.add(Resource.text(n)));
      out.add(
          new Named(
              "PatchStrategicMergeTransformer", BuiltinPlugins.legacySmp(paths, "", ldr, applier)));
    }
    for (JsonNode p : k.nodes("patches")) {
      out.add(new Named("PatchTransformer", BuiltinPlugins.patch(p, ldr, applier)));
    }
    String ns = k.string("namespace");
    if (!ns.isEmpty()) {
      out.add(
          new Named("NamespaceTransformer", new NamespaceTransformer(ns, tc.namespace, false, "")));
    }
    if (!k.string("namePrefix").isEmpty()) {
      out.add(
          new Named(
              "PrefixTransformer",
              new NameAffixTransformer(k.string("namePrefix"), true, tc.namePrefix)));
    }
    if (!k.string("nameSuffix").isEmpty()) {
      out.add(
          new Named(
              "SuffixTransformer",
              new NameAffixTransformer(k.string("nameSuffix"), false, tc.nameSuffix)));
    }
    Map<String, String> common = k.stringMap("commonLabels");
    if (!k.nodes("labels").isEmpty() || !common.isEmpty()) {
      for (JsonNode l : k.nodes("labels")) {
        Map<String, String> pairs = Resource.stringMapOf(l.get("pairs"));
        List<FieldSpec> fss = new ArrayList<>();
        JsonNode fields = l.get("fields");
        if (fields != null && fields.isArray()) {
          fields.forEach(f -> TransformerConfig.mergeSpec(fss, FieldSpec.of(f)));
        }
        if (l.path("includeSelectors").asBoolean(false)) {
          tc.commonLabels.forEach(f -> TransformerConfig.mergeSpec(fss, f));
        } else {
          if (l.path("includeTemplates").asBoolean(false)) {
            tc.templateLabels.forEach(f -> TransformerConfig.mergeSpec(fss, f));
          }
          TransformerConfig.mergeSpec(
              fss, new FieldSpec(new Gvk("", "", ""), "metadata/labels", true));
        }
        tc.labels.forEach(f -> TransformerConfig.mergeSpec(fss, f));
        out.add(new Named("LabelTransformer", new MetadataMapTransformer(pairs, fss)));
      }
      out.add(new Named("LabelTransformer", new MetadataMapTransformer(common, tc.commonLabels)));
    }
    Map<String, String> annos = k.stringMap("commonAnnotations");
    if (!annos.isEmpty()) {
      out.add(
          new Named(
              "AnnotationsTransformer", new MetadataMapTransformer(annos, tc.commonAnnotations)));
    }
    for (JsonNode p : k.nodes("patchesJson6902")) {
      out.add(
          new Named(
              "PatchJson6902Transformer",
              BuiltinPlugins.json6902(
                  p.get("target"),
                  Resource.text(p.get("path")),
                  Resource.text(p.get("patch")),
                  ldr,
                  applier)));
    }
    for (JsonNode r : k.nodes("replicas")) {
      out.add(
          new Named(
              "ReplicaCountTransformer",
              new ReplicaCountTransformer(
                  Resource.text(r.get("name")), r.path("count").asLong(0), tc.replicas)));
    }
    for (JsonNode i : k.nodes("images")) {
      out.add(new Named("ImageTagTransformer", image(i, tc.images)));
    }
    if (!k.nodes("replacements").isEmpty()) {
      out.add(
          new Named(
              "ReplacementTransformer",
              ReplacementTransformer.of(k.nodes("replacements"), ldr::load)));
    }
    return out;
  }

  static ImageTagTransformer image(JsonNode i, List<FieldSpec> specs) {
    i = FieldNames.lowerCaseAliases(i, "name", "newName", "newTag", "digest", "tagSuffix");
    String name = Resource.text(i.get("name"));
    if (name.isEmpty()) {
      throw new KustomizeException("image name is required in images entry " + i);
    }
    return new ImageTagTransformer(
        name,
        Resource.text(i.get("newName")),
        Resource.text(i.get("newTag")),
        Resource.text(i.get("digest")),
        Resource.text(i.get("tagSuffix")),
        specs);
  }

  static Selector selector(JsonNode n) {
    return n == null || n.isNull() ? null : Selector.of(n);
  }

  /** A transformer with the builtin kind name used in transformer annotations. */
  record Named(String kind, Transformer transformer, String origin) {
    Named(String kind, Transformer transformer) {
      this(kind, transformer, null);
    }
  }
}
