package io.capstan.kustomize.engine.kustomization;

import io.capstan.kustomize.engine.resource.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code buildMetadata} annotations: where each resource came from ({@code
 * config.kubernetes.io/origin}) and which transformers changed it ({@code
 * alpha.config.kubernetes.io/transformations}).
 */
final class Origins {
  static final String ORIGIN = "config.kubernetes.io/origin";
  static final String TRANSFORMATIONS = "alpha.config.kubernetes.io/transformations";

  final boolean originAnnotations;
  final boolean transformerAnnotations;

  Origins(List<String> buildMetadata) {
    this.originAnnotations = buildMetadata.contains("originAnnotations");
    this.transformerAnnotations = buildMetadata.contains("transformerAnnotations");
  }

  boolean tracking() {
    return originAnnotations || transformerAnnotations;
  }

  /** Records the file a resource was read from (path relative to the top root). */
  void annotate(Resource r, String path) {
    if (!tracking() || path == null) {
      return;
    }
    Map<String, String> a = new LinkedHashMap<>(r.annotations());
    if (!a.containsKey(ORIGIN)) {
      a.put(ORIGIN, "path: " + path + "\n");
      r.setAnnotations(a);
    }
  }

  /** Records the generator that produced resources. */
  List<Resource> generated(List<Resource> out, KustTarget t, String kind) {
    if (!tracking()) {
      return out;
    }
    for (Resource r : out) {
      Map<String, String> a = new LinkedHashMap<>(r.annotations());
      a.put(ORIGIN, configuredBy(t, kind));
      r.setAnnotations(a);
    }
    return out;
  }

  static String configuredBy(KustTarget t, String kind) {
    return "configuredIn: "
        + KustTarget.join(t.originPath(), t.kustomization().fileName())
        + "\nconfiguredBy:\n  apiVersion: builtin\n  kind: "
        + kind
        + "\n";
  }

  /**
   * Records that a transformer ran over a resource: appended to its transformations, or, when the
   * resource has no origin (a patch replaced its annotations), as its origin.
   */
  void transformed(Resource r, String entry) {
    Map<String, String> a = new LinkedHashMap<>(r.annotations());
    if (!a.containsKey(ORIGIN)) {
      // as kustomize: an object without an origin is taken to come from this transformer
      a.put(ORIGIN, entry);
      r.setAnnotations(a);
      return;
    }
    String cur = a.getOrDefault(TRANSFORMATIONS, "");
    StringBuilder b = new StringBuilder(cur);
    String[] lines = entry.split("\n");
    for (int i = 0; i < lines.length; i++) {
      b.append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
    }
    a.put(TRANSFORMATIONS, b.toString());
    r.setAnnotations(a);
  }
}
