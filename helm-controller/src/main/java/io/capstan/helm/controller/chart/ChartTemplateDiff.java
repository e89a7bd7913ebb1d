package io.capstan.helm.controller.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether the live HelmChart of a {@code spec.chart} template already is what a server-side apply
 * of the template would make it, so the apply can be skipped (Flux's helm-controller only patches
 * the HelmChart when it changed; an apply per reconcile is a write per reconcile and a watch event
 * for every watcher of HelmCharts).
 *
 * <p>Up to date means: the live {@code spec} equals the desired one with the CRD's defaults ({@code
 * reconcileStrategy: ChartVersion}, {@code version: "*"}, {@code verify.provider: cosign}) filled
 * in; every desired label and annotation has its value; and the labels and annotations that {@code
 * fieldManager} owns by apply (from {@code metadata.managedFields}) are exactly the desired ones,
 * so a label dropped from the template is still removed by an apply. Anything else (no
 * managed-fields entry of ours, fields another manager added to the spec) is "not up to date": the
 * apply then runs as before.
 */
public final class ChartTemplateDiff {

  private ChartTemplateDiff() {}

  /**
   * True when applying {@code desired} (the template as a map: {@code metadata.labels}, {@code
   * metadata.annotations}, {@code spec}) with {@code fieldManager} would not change {@code live}.
   */
  public static boolean upToDate(
      Map<String, Object> desired, GenericKubernetesResource live, String fieldManager) {
    if (live == null || live.getMetadata() == null) {
      return false;
    }
    Object liveSpec = live.getAdditionalProperties().get("spec");
    if (!(desired.get("spec") instanceof Map<?, ?> spec)
        || !Objects.equals(withDefaults(spec), liveSpec)) {
      return false;
    }
    Map<?, ?> meta = desired.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> labels = meta.get("labels") instanceof Map<?, ?> l ? l : Map.of();
    Map<?, ?> annotations = meta.get("annotations") instanceof Map<?, ?> a ? a : Map.of();
    if (!contains(live.getMetadata().getLabels(), labels)
        || !contains(live.getMetadata().getAnnotations(), annotations)) {
      return false;
    }
    ManagedFieldsEntry ours = applyEntry(live.getMetadata().getManagedFields(), fieldManager);
    if (ours == null || ours.getFieldsV1() == null) {
      return false;
    }
    Map<?, ?> fields =
        ours.getFieldsV1().getAdditionalProperties().get("f:metadata") instanceof Map<?, ?> f
            ? f
            : Map.of();
    return owned(fields.get("f:labels")).equals(keys(labels))
        && owned(fields.get("f:annotations")).equals(keys(annotations));
  }

  /** {@code spec} with the HelmChart CRD's defaults filled in, nulls dropped. */
  static Map<String, Object> withDefaults(Map<?, ?> spec) {
    Map<String, Object> out = withoutNulls(spec);
    out.putIfAbsent("reconcileStrategy", "ChartVersion");
    out.putIfAbsent("version", "*");
    if (out.get("verify") instanceof Map<?, ?> verify) {
      Map<String, Object> v = withoutNulls(verify);
      v.putIfAbsent("provider", "cosign");
      out.put("verify", v);
    }
    return out;
  }

  private static Map<String, Object> withoutNulls(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object value = e.getValue();
      if (value == null) {
        continue;
      }
      out.put(String.valueOf(e.getKey()), value instanceof Map<?, ?> m ? withoutNulls(m) : value);
    }
    return out;
  }

  private static boolean contains(Map<String, String> live, Map<?, ?> desired) {
    for (Map.Entry<?, ?> e : desired.entrySet()) {
      if (live == null || !Objects.equals(live.get(String.valueOf(e.getKey())), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static ManagedFieldsEntry applyEntry(List<ManagedFieldsEntry> entries, String manager) {
    if (entries == null) {
      return null;
    }
    for (ManagedFieldsEntry entry : entries) {
      if (manager.equals(entry.getManager())
          && "Apply".equals(entry.getOperation())
          && (entry.getSubresource() == null || entry.getSubresource().isEmpty())) {
        return entry;
      }
    }
    return null;
  }

  private static Set<String> owned(Object fields) {
    Set<String> out = new HashSet<>();
    if (fields instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        String k = String.valueOf(key);
        if (k.startsWith("f:")) {
          out.add(k.substring(2));
        }
      }
    }
    return out;
  }

  private static Set<String> keys(Map<?, ?> map) {
    Set<String> out = new HashSet<>();
    for (Object key : map.keySet()) {
      out.add(String.valueOf(key));
    }
    return out;
  }
}
