package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSpec;
import io.capstan.api.helm.v2.HelmReleaseStatus;
import io.capstan.api.meta.Condition;
import io.capstan.helm.controller.postrender.PostRenderers;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code status.observedCommonMetadataDigest} / {@code observedPostRenderersDigest}: the digests
 * against {@code sha256sum} of the JSON Go's {@code json.Encoder} writes (computed by hand), and
 * Flux's rule of comparing them only for a generation not processed yet.
 */
class RenderDigestsTest {

  private static HelmRelease release(String yaml) {
    return io.capstan.runtime.kube.TolerantSerialization.create()
        .unmarshal(yaml, HelmRelease.class);
  }

  @Test
  @DisplayName(
      "commonMetadata digest: annotations then labels, keys sorted, <>& and U+2028 escaped as Go")
  void commonMetadataDigest() {
    HelmRelease hr = new HelmRelease();
    hr.setSpec(new HelmReleaseSpec());
    io.capstan.api.common.CommonMetadata cm = new io.capstan.api.common.CommonMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("tier", "\u2028");
    labels.put("app", "web");
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("b", "x&y<z>");
    annotations.put("a", "1");
    cm.setLabels(labels);
    cm.setAnnotations(annotations);
    hr.getSpec().setCommonMetadata(cm);
    // printf '%s\n' '{"annotations":{"a":"1","b":"x\u0026y\u003cz\u003e"},
    //   "labels":{"app":"web","tier":"\u2028"}}' | sha256sum  (one line)
    assertThat(PostRenderers.commonMetadataDigest(hr))
        .isEqualTo("sha256:63319322ea713182767a205a78b9bb75c297eb4f8cbad97c62c3a1db2a96b9ec");
    hr.getSpec().setCommonMetadata(null);
    assertThat(PostRenderers.commonMetadataDigest(hr)).isNull();
  }

  @Test
  @DisplayName("postRenderers digest: a patch with > and & is HTML-escaped as Go writes it")
  void postRenderersDigestEscapesHtml() {
    HelmRelease hr =
        release(
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: a, namespace: b}
            spec:
              postRenderers:
              - kustomize:
                  patches:
                  - target: {kind: ConfigMap}
                    patch: |
                      data:
                        a: >-
                          b & c
            """);
    // printf '%s\n' '[{"kustomize":{"patches":[{"patch":"data:\n  a: \u003e-\n    b \u0026 c\n",
    //   "target":{"kind":"ConfigMap"}}]}}]' | sha256sum  (one line)
    assertThat(PostRenderers.postRenderersDigest(hr))
        .isEqualTo("sha256:7004a7d1e2bbb0aea921ed70c4d9415d7cf0cf7a8fc63550fb8f28ec549d7f3d");
  }

  @Test
  @DisplayName("the digests are compared only when Ready observed another generation (Flux)")
  void comparedForNewGenerationsOnly() {
    HelmRelease hr = new HelmRelease();
    hr.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("b").build());
    hr.getMetadata().setGeneration(3L);
    hr.setSpec(new HelmReleaseSpec());
    HelmReleaseStatus status = new HelmReleaseStatus();
    hr.setStatus(status);
    assertThat(HelmReleaseRun.comparesRenderDigests(hr)).as("no Ready condition").isFalse();
    Condition ready = new Condition();
    ready.setType("Ready");
    ready.setStatus(Condition.Status.True);
    ready.setObservedGeneration(2L);
    status.setConditions(new java.util.ArrayList<>(List.of(ready)));
    assertThat(HelmReleaseRun.comparesRenderDigests(hr)).as("new generation").isTrue();
    ready.setObservedGeneration(3L);
    assertThat(HelmReleaseRun.comparesRenderDigests(hr)).as("processed generation").isFalse();
  }
}
