package io.capstan.kustomize.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.kustomize.v1.Kustomization;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which identity a Kustomization is applied with (Flux's impersonator rules). */
class TargetClusterTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @ParameterizedTest(name = "spec {0}, default {1} -> {2}")
  @CsvSource(
      textBlock =
          """
          ,         ,        ''
          '',       '',      ''
          deployer, ,        system:serviceaccount:apps:deployer
          ,         default, system:serviceaccount:apps:default
          deployer, default, system:serviceaccount:apps:deployer
          '',       default, system:serviceaccount:apps:default
          """)
  @DisplayName(
      "impersonates spec.serviceAccountName, else the default service account, in the"
          + " Kustomization's namespace; else nobody")
  void serviceAccountUser(String spec, String defaultAccount, String expected) {
    Kustomization k =
        YAML.unmarshal(
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: app, namespace: apps}
            spec:
              interval: 1m
              sourceRef: {kind: GitRepository, name: repo}
            """,
            Kustomization.class);
    k.getSpec().setServiceAccountName(spec);
    String user = TargetCluster.serviceAccountUser(k, defaultAccount);
    assertThat(user == null ? "" : user).isEqualTo(expected);
  }
}
