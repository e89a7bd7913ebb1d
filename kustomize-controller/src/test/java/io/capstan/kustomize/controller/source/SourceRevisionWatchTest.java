package io.capstan.kustomize.controller.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The index key of a sourceRef, the watched kinds and Flux's revision-change rule. */
class SourceRevisionWatchTest {

  @ParameterizedTest(name = "{0} {1} namespace=''{2}'' -> {3}")
  @CsvSource({
    "GitRepository,    repo, '',    GitRepository/apps/repo",
    "GitRepository,    repo, infra, GitRepository/infra/repo",
    "OCIRepository,    oci,  '',    OCIRepository/apps/oci",
    "Bucket,           b,    flux,  Bucket/flux/b",
    "ExternalArtifact, ea,   '',    ExternalArtifact/apps/ea",
  })
  @DisplayName("indexes a Kustomization by <kind>/<namespace>/<name> of its sourceRef")
  void keys(String kind, String name, String namespace, String key) {
    String ns = namespace.isEmpty() ? "" : "\n    namespace: " + namespace;
    Kustomization k =
        TolerantSerialization.create()
            .unmarshal(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: app
                  namespace: apps
                spec:
                  interval: 1h
                  sourceRef:
                    kind: %s
                    name: %s%s
                """
                    .formatted(kind, name, ns),
                Kustomization.class);
    assertThat(SourceRevisionWatch.keys(k)).containsExactly(key);
    assertThat(SourceRevisionWatch.key(source(kind, key.split("/")[1], name, null))).isEqualTo(key);
  }

  @ParameterizedTest(name = "{0} -> {1} reconciles: {2}")
  @CsvSource({
    "'',           main@sha1:1, true",
    "main@sha1:1,  main@sha1:2, true",
    "main@sha1:1,  main@sha1:1, false",
    "main@sha1:1,  '',          false",
    "'',           '',          false",
  })
  @DisplayName("an artifact that appears or changes revision triggers, nothing else does")
  void revisionChanged(String before, String after, boolean triggers) {
    assertThat(
            SourceRevisionWatch.revisionChanged(
                source("GitRepository", "apps", "repo", before),
                source("GitRepository", "apps", "repo", after)))
        .isEqualTo(triggers);
  }

  @ParameterizedTest(name = "served {0} -> watched {1}")
  @CsvSource({
    "GitRepository;OCIRepository;Bucket;ExternalArtifact,"
        + " GitRepository;OCIRepository;Bucket;ExternalArtifact",
    "GitRepository;Bucket, GitRepository;Bucket",
    "HelmRepository, ''",
  })
  @DisplayName("watches only the source kinds whose CRD the API server serves")
  void watchedKinds(String served, String watched) {
    Set<String> kinds = Set.of(served.split(";"));
    List<String> expected = watched.isEmpty() ? List.of() : List.of(watched.split(";"));
    assertThat(SourceRevisionWatch.watchedKinds(kinds::contains)).isEqualTo(expected);
  }

  private static GenericKubernetesResource source(
      String kind, String namespace, String name, String revision) {
    Map<String, Object> props = new HashMap<>();
    if (revision != null && !revision.isEmpty()) {
      props.put("status", Map.of("artifact", Map.of("revision", revision, "url", "http://x")));
    } else if (revision != null) {
      props.put("status", Map.of("conditions", List.of()));
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("source.toolkit.fluxcd.io/v1")
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withAdditionalProperties(props)
        .build();
  }
}
