package io.capstan.kustomize.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Field specs of the built-in transformers (prefix, suffix, namespace, labels, annotations, images,
 * replicas, vars) and the name-reference table. Starts from kustomize's defaults and grows with the
 * {@code configurations:} files and CRDs a kustomization lists.
 */
public final class TransformerConfig {
  /** A kind that can be referred to by name, and the fields that refer to it. */
  public record NameBackRef(Gvk gvk, List<FieldSpec> referrers) {}

  public final List<FieldSpec> namePrefix = new ArrayList<>();
  public final List<FieldSpec> nameSuffix = new ArrayList<>();
  public final List<FieldSpec> namespace = new ArrayList<>();
  public final List<FieldSpec> commonLabels = new ArrayList<>();
  public final List<FieldSpec> templateLabels = new ArrayList<>();
  public final List<FieldSpec> labels = new ArrayList<>();
  public final List<FieldSpec> commonAnnotations = new ArrayList<>();
  public final List<FieldSpec> images = new ArrayList<>();
  public final List<FieldSpec> replicas = new ArrayList<>();
  public final List<FieldSpec> varReference = new ArrayList<>();
  public final List<NameBackRef> nameReference = new ArrayList<>();

  private static volatile TransformerConfig defaults;

  /** An empty configuration. */
  public TransformerConfig() {}

  /** Kustomize's built-in defaults (a fresh copy each call). */
  public static TransformerConfig defaults() {
    TransformerConfig parsed = defaults;
    if (parsed == null) {
      try (InputStream in =
          TransformerConfig.class.getResourceAsStream(
              "/io/capstan/kustomize/engine/default-fieldspecs.yaml")) {
        parsed = parseDefaults(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      defaults = parsed;
    }
    // a plain copy: the parsed lists hold no duplicates (mergeSpec made them), so no merge
    TransformerConfig copy = new TransformerConfig();
    copy.namePrefix.addAll(parsed.namePrefix);
    copy.nameSuffix.addAll(parsed.nameSuffix);
    copy.namespace.addAll(parsed.namespace);
    copy.commonLabels.addAll(parsed.commonLabels);
    copy.templateLabels.addAll(parsed.templateLabels);
    copy.labels.addAll(parsed.labels);
    copy.commonAnnotations.addAll(parsed.commonAnnotations);
    copy.images.addAll(parsed.images);
    copy.replicas.addAll(parsed.replicas);
    copy.varReference.addAll(parsed.varReference);
    for (NameBackRef ref : parsed.nameReference) {
      copy.nameReference.add(new NameBackRef(ref.gvk(), new ArrayList<>(ref.referrers())));
    }
    return copy;
  }

  /**
   * The defaults file's configuration: read by {@link PlainBlockYaml} (start-up, issue #19), or by
   * the YAML reader when the text leaves that reader's subset; the same result either way.
   */
  static TransformerConfig parseDefaults(String text) {
    JsonNode root = PlainBlockYaml.read(text);
    return root == null ? parse(text, "default field specs") : parse(root, "default field specs");
  }

  /** Parses a configuration file ({@code configurations:} entry). */
  public static TransformerConfig parse(String text, String source) {
    return parse(YamlReader.readOne(text, source), source);
  }

  private static TransformerConfig parse(JsonNode root, String source) {
    TransformerConfig c = new TransformerConfig();
    if (root == null) {
      return c;
    }
    if (!root.isObject()) {
      throw new KustomizeException(source + ": transformer configuration must be a map");
    }
    var it = root.fields();
    while (it.hasNext()) {
      var e = it.next();
      switch (e.getKey()) {
        case "namePrefix" -> addSpecs(c.namePrefix, e.getValue());
        case "nameSuffix" -> addSpecs(c.nameSuffix, e.getValue());
        case "namespace" -> addSpecs(c.namespace, e.getValue());
        case "commonLabels" -> addSpecs(c.commonLabels, e.getValue());
        case "templateLabels" -> addSpecs(c.templateLabels, e.getValue());
        case "labels" -> addSpecs(c.labels, e.getValue());
        case "commonAnnotations" -> addSpecs(c.commonAnnotations, e.getValue());
        case "images" -> addSpecs(c.images, e.getValue());
        case "replicas" -> addSpecs(c.replicas, e.getValue());
        case "varReference" -> addSpecs(c.varReference, e.getValue());
        case "nameReference" -> {
          for (JsonNode n : e.getValue()) {
            List<FieldSpec> refs = new ArrayList<>();
            addSpecs(refs, n.get("fieldSpecs"));
            c.mergeBackRef(
                new NameBackRef(
                    new Gvk(
                        Resource.text(n.get("group")),
                        Resource.text(n.get("version")),
                        Resource.text(n.get("kind"))),
                    refs));
          }
        }
        default ->
            throw new KustomizeException(
                source + ": unknown transformer configuration field '" + e.getKey() + "'");
      }
    }
    return c;
  }

  private static void addSpecs(List<FieldSpec> into, JsonNode list) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (JsonNode n : list) {
      mergeSpec(into, FieldSpec.of(n));
    }
  }

  /** Adds a spec unless an equal one is present; conflicting create flags are an error. */
  public static void mergeSpec(List<FieldSpec> into, FieldSpec fs) {
    for (FieldSpec e : into) {
      if (e.sameTarget(fs)) {
        if (e.create() != fs.create()) {
          throw new KustomizeException("conflicting fieldspecs for " + fs.gvk() + " " + fs.path());
        }
        return;
      }
    }
    into.add(fs);
  }

  private void mergeBackRef(NameBackRef ref) {
    for (int i = 0; i < nameReference.size(); i++) {
      NameBackRef e = nameReference.get(i);
      if (e.gvk().equals(ref.gvk())) {
        List<FieldSpec> merged = new ArrayList<>(e.referrers());
        ref.referrers().forEach(fs -> mergeSpec(merged, fs));
        nameReference.set(i, new NameBackRef(e.gvk(), merged));
        return;
      }
    }
    nameReference.add(ref);
  }

  /** Adds every spec of {@code other} to this configuration. */
  public void merge(TransformerConfig other) {
    other.namePrefix.forEach(f -> mergeSpec(namePrefix, f));
    other.nameSuffix.forEach(f -> mergeSpec(nameSuffix, f));
    other.namespace.forEach(f -> mergeSpec(namespace, f));
    other.commonLabels.forEach(f -> mergeSpec(commonLabels, f));
    other.templateLabels.forEach(f -> mergeSpec(templateLabels, f));
    other.labels.forEach(f -> mergeSpec(labels, f));
    other.commonAnnotations.forEach(f -> mergeSpec(commonAnnotations, f));
    other.images.forEach(f -> mergeSpec(images, f));
    other.replicas.forEach(f -> mergeSpec(replicas, f));
    other.varReference.forEach(f -> mergeSpec(varReference, f));
    other.nameReference.forEach(this::mergeBackRef);
  }

  /** Adds one name back-reference entry (used for CRD-declared references). */
  public void addBackRef(Gvk referred, FieldSpec referrer) {
    mergeBackRef(new NameBackRef(referred, new ArrayList<>(List.of(referrer))));
  }
}
