package io.capstan.helm.controller.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChartTemplateDiffTest {

  private static Map<String, Object> desired(Map<String, String> labels, Map<String, Object> spec) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", "ns-app");
    meta.put("labels", labels);
    return Map.of("metadata", meta, "spec", spec);
  }

  private static Map<String, Object> spec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("chart", "app");
    spec.put("sourceRef", Map.of("kind", "HelmRepository", "name", "repo"));
    spec.put("interval", "1h");
    spec.put("valuesFiles", null);
    return spec;
  }

  private static GenericKubernetesResource live(
      Map<String, String> labels, Map<String, Object> spec, String manager, String... owned) {
    Map<String, Object> labelFields = new LinkedHashMap<>();
    for (String key : owned) {
      labelFields.put("f:" + key, Map.of());
    }
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:metadata", Map.of("f:labels", labelFields));
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("ns-app")
            .withLabels(labels)
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager(manager)
                    .withOperation("Apply")
                    .withFieldsV1(fields)
                    .build())
            .build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  private static Map<String, Object> defaulted() {
    Map<String, Object> spec = new LinkedHashMap<>(spec());
    spec.remove("valuesFiles");
    spec.put("reconcileStrategy", "ChartVersion");
    spec.put("version", "*");
    return spec;
  }

  @Test
  @DisplayName("up to date: same spec once the CRD defaults are filled in, same owned labels")
  void upToDate() {
    Map<String, String> labels = Map.of("helm.toolkit.fluxcd.io/name", "app");
    Map<String, String> liveLabels = Map.of("helm.toolkit.fluxcd.io/name", "app", "other", "x");
    assertThat(
            ChartTemplateDiff.upToDate(
                desired(labels, spec()),
                live(liveLabels, defaulted(), "helm-controller", "helm.toolkit.fluxcd.io/name"),
                "helm-controller"))
        .isTrue();
  }

  @Test
  @DisplayName("not up to date: a spec change, a changed or dropped label, no entry of ours")
  void changes() {
    Map<String, String> labels = Map.of("helm.toolkit.fluxcd.io/name", "app");
    Map<String, Object> other = defaulted();
    other.put("interval", "5m");
    assertThat(
            ChartTemplateDiff.upToDate(
                desired(labels, spec()),
                live(labels, other, "helm-controller", "helm.toolkit.fluxcd.io/name"),
                "helm-controller"))
        .as("interval changed")
        .isFalse();
    assertThat(
            ChartTemplateDiff.upToDate(
                desired(labels, spec()),
                live(
                    Map.of("helm.toolkit.fluxcd.io/name", "old"),
                    defaulted(),
                    "helm-controller",
                    "helm.toolkit.fluxcd.io/name"),
                "helm-controller"))
        .as("label value changed")
        .isFalse();
    assertThat(
            ChartTemplateDiff.upToDate(
                desired(labels, spec()),
                live(
                    Map.of("helm.toolkit.fluxcd.io/name", "app", "team", "a"),
                    defaulted(),
                    "helm-controller",
                    "helm.toolkit.fluxcd.io/name",
                    "team"),
                "helm-controller"))
        .as("a label of ours dropped from the template must still be removed")
        .isFalse();
    assertThat(
            ChartTemplateDiff.upToDate(
                desired(labels, spec()),
                live(labels, defaulted(), "kubectl", "helm.toolkit.fluxcd.io/name"),
                "helm-controller"))
        .as("no managed-fields entry of ours")
        .isFalse();
    assertThat(ChartTemplateDiff.upToDate(desired(labels, spec()), null, "helm-controller"))
        .isFalse();
  }
}
