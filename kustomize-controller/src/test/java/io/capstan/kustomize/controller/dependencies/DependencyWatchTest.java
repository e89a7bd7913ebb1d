package io.capstan.kustomize.controller.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.kustomize.v1.Kustomization;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When dependents are requeued, and how they are found (Flux's ready-change predicate). */
class DependencyWatchTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          []                                                     | ''
          [{name: base}]                                         | apps/base
          [{name: base, namespace: infra}, {name: db}]           | infra/base apps/db
          [{name: base}, {name: base, namespace: apps}]          | apps/base
          """)
  @DisplayName("indexes dependsOn as namespace/name, the namespace defaulting to the dependent's")
  void keys(String dependsOn, String expected) {
    Kustomization k =
        YAML.unmarshal(
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: app, namespace: apps}
            spec:
              interval: 1m
              sourceRef: {kind: GitRepository, name: repo}
              dependsOn: %s
            """
                .formatted(dependsOn),
            Kustomization.class);
    assertThat(String.join(" ", DependencyWatch.keys(k))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "ready {0}->{2}, revision {1}->{3}: {4}")
  @CsvSource(
      textBlock =
          """
          false, ,    true,  r1,  true
          false, r1,  true,  r1,  true
          true,  r1,  true,  r2,  true
          true,  r1,  true,  r1,  false
          true,  r1,  false, r1,  false
          false, ,    false, ,    false
          true,  ,    true,  r1,  true
          """)
  @DisplayName(
      "dependents are requeued when Ready turns True or a new revision is applied while Ready")
  void requeueRule(
      boolean readyBefore,
      String revBefore,
      boolean readyAfter,
      String revAfter,
      boolean expected) {
    assertThat(
            DependencyWatch.requeuesDependents(
                new DependencyWatch.State(readyBefore, revBefore),
                new DependencyWatch.State(readyAfter, revAfter)))
        .isEqualTo(expected);
  }
}
