package io.capstan.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes
class ApplyPoliciesTest {

  private static final String MANAGER = "kustomize-controller";
  private static final Owner OWNER =
      new Owner("kustomize.toolkit.fluxcd.io", "apps", "flux-system");
  private static final ApplyOptions OPTIONS = ApplyOptions.builder(MANAGER).owner(OWNER).build();

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: ${NS}}
      spec:
        replicas: 1
        selector: {matchLabels: {app: ${ID}}}
        template:
          metadata: {labels: {app: ${ID}}}
          spec: {containers: [{name: web, image: nginx}]}
      """;

  @Test
  @DisplayName("an immutable field change fails without force and recreates the object with force")
  void immutableFields(KubernetesClient client, KubeNamespace ns) {
    ServerSideApplier applier = new ServerSideApplier(client);
    applier.apply(Manifests.parse(DEPLOYMENT, ns.name(), "v1"), OPTIONS);
    String uid =
        client
            .apps()
            .deployments()
            .inNamespace(ns.name())
            .withName("web")
            .get()
            .getMetadata()
            .getUid();
    List<GenericKubernetesResource> changedSelector = Manifests.parse(DEPLOYMENT, ns.name(), "v2");

    assertThatThrownBy(() -> applier.apply(changedSelector, OPTIONS))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("Deployment/" + ns.name() + "/web dry-run failed")
        .hasMessageContaining("field is immutable");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns.name())
                .withName("web")
                .get()
                .getMetadata()
                .getUid())
        .isEqualTo(uid);

    ChangeSet forced =
        applier.apply(
            changedSelector, ApplyOptions.builder(MANAGER).owner(OWNER).force(true).build());

    assertThat(forced.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo(Action.CREATED);
              assertThat(e.detail()).contains("recreated");
            });
    Deployment recreated = client.apps().deployments().inNamespace(ns.name()).withName("web").get();
    assertThat(recreated.getMetadata().getUid()).isNotEqualTo(uid);
    assertThat(recreated.getSpec().getSelector().getMatchLabels()).containsEntry("app", "v2");
  }

  @Test
  @DisplayName("the force: enabled annotation recreates one object without the global option")
  void forceAnnotation(KubernetesClient client, KubeNamespace ns) {
    ServerSideApplier applier = new ServerSideApplier(client);
    applier.apply(Manifests.parse(DEPLOYMENT, ns.name(), "v1"), OPTIONS);
    String annotated =
        DEPLOYMENT.replace(
            "metadata: {name: web, namespace: ${NS}}",
            "metadata: {name: web, namespace: ${NS}, annotations: {kustomize.toolkit.fluxcd.io/force: enabled}}");

    ChangeSet result = applier.apply(Manifests.parse(annotated, ns.name(), "v2"), OPTIONS);

    assertThat(result.entries())
        .singleElement()
        .extracting(ChangeSetEntry::action)
        .isEqualTo(Action.CREATED);
  }

  @Test
  @DisplayName("ssa: IfNotPresent creates once and never overwrites; ssa: Ignore never applies")
  void ifNotPresentAndIgnore(KubernetesClient client, KubeNamespace ns) {
    String set =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: once, namespace: ${NS}, annotations: {kustomize.toolkit.fluxcd.io/ssa: IfNotPresent}}
        data: {k: ${ID}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: never, namespace: ${NS}, annotations: {kustomize.toolkit.fluxcd.io/ssa: Ignore}}
        data: {k: v}
        """;
    ServerSideApplier applier = new ServerSideApplier(client);

    ChangeSet first = applier.apply(Manifests.parse(set, ns.name(), "first"), OPTIONS);
    ChangeSet second = applier.apply(Manifests.parse(set, ns.name(), "second"), OPTIONS);

    assertThat(first.actionOf("ConfigMap/" + ns.name() + "/once")).contains(Action.CREATED);
    assertThat(first.actionOf("ConfigMap/" + ns.name() + "/never")).contains(Action.SKIPPED);
    assertThat(second.actionOf("ConfigMap/" + ns.name() + "/once")).contains(Action.SKIPPED);
    assertThat(client.configMaps().inNamespace(ns.name()).withName("once").get().getData())
        .containsEntry("k", "first");
    assertThat(client.configMaps().inNamespace(ns.name()).withName("never").get()).isNull();
  }

  @Test
  @DisplayName(
      "a field taken by another manager is not reverted when ignored, and is reverted otherwise")
  void ignoreRuleKeepsOtherManagersField(KubernetesClient client, KubeNamespace ns) {
    ServerSideApplier applier = new ServerSideApplier(client);
    applier.apply(Manifests.parse(DEPLOYMENT, ns.name(), "web"), OPTIONS);
    client
        .apps()
        .deployments()
        .inNamespace(ns.name())
        .withName("web")
        .edit(
            d -> {
              d.getSpec().setReplicas(3);
              return d;
            });
    assertThat(replicas(client, ns)).isEqualTo(3);
    ApplyOptions ignoring =
        ApplyOptions.builder(MANAGER)
            .owner(OWNER)
            .ignore(FieldIgnoreRule.forKind("Deployment", "/spec/replicas"))
            .build();

    ChangeSet kept = applier.apply(Manifests.parse(DEPLOYMENT, ns.name(), "web"), ignoring);

    assertThat(kept.entries())
        .singleElement()
        .extracting(ChangeSetEntry::action)
        .isEqualTo(Action.UNCHANGED);
    assertThat(replicas(client, ns)).isEqualTo(3);

    ChangeSet reverted = applier.apply(Manifests.parse(DEPLOYMENT, ns.name(), "web"), OPTIONS);

    assertThat(reverted.entries())
        .singleElement()
        .extracting(ChangeSetEntry::action)
        .isEqualTo(Action.CONFIGURED);
    assertThat(replicas(client, ns)).isEqualTo(1);
  }

  private static int replicas(KubernetesClient client, KubeNamespace ns) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns.name())
        .withName("web")
        .get()
        .getSpec()
        .getReplicas();
  }

  @Test
  @DisplayName(
      "fields set with kubectl are taken over, so keys removed from the desired state are removed")
  void takesOverKubectlFields(KubernetesClient admin, KubeNamespace ns) {
    // Without a fieldManager parameter the API server names Update managers after the user agent.
    KubernetesClient kubectl =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(admin.getConfiguration())
                    .withUserAgent("kubectl-client-side-apply/v1.36.0")
                    .build())
            .build();
    KubernetesClient client = admin;
    ConfigMap byKubectl =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("legacy")
            .withNamespace(ns.name())
            .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}"))
            .endMetadata()
            .withData(Map.of("keep", "1", "drop", "2"))
            .build();
    kubectl.configMaps().resource(byKubectl).create();
    kubectl
        .configMaps()
        .resource(
            new ConfigMapBuilder(byKubectl)
                .withNewMetadata()
                .withName("merged")
                .withNamespace(ns.name())
                .endMetadata()
                .build())
        .create();
    kubectl.close();
    String set =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: legacy, namespace: ${NS}}
        data: {keep: "1"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: merged, namespace: ${NS}, annotations: {kustomize.toolkit.fluxcd.io/ssa: Merge}}
        data: {keep: "1"}
        """;

    ChangeSet result =
        new ServerSideApplier(client).apply(Manifests.parse(set, ns.name(), ""), OPTIONS);

    assertThat(result.actionOf("ConfigMap/" + ns.name() + "/legacy")).contains(Action.CONFIGURED);
    ConfigMap legacy = client.configMaps().inNamespace(ns.name()).withName("legacy").get();
    assertThat(legacy.getData()).containsOnlyKeys("keep");
    assertThat(legacy.getMetadata().getAnnotations())
        .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
    assertThat(legacy.getMetadata().getManagedFields())
        .noneMatch(f -> f.getManager().startsWith("kubectl"));
    assertThat(client.configMaps().inNamespace(ns.name()).withName("merged").get().getData())
        .containsOnlyKeys("keep", "drop");
  }

  @Test
  @DisplayName(
      "an in-cluster object annotated reconcile: disabled (or ssa: Ignore) is no longer applied")
  void inClusterExclusion(KubernetesClient client, KubeNamespace ns) {
    String set =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: paused, namespace: ${NS}}
        data: {k: ${ID}}
        """;
    ServerSideApplier applier = new ServerSideApplier(client);
    applier.apply(Manifests.parse(set, ns.name(), "first"), OPTIONS);
    client
        .configMaps()
        .inNamespace(ns.name())
        .withName("paused")
        .edit(
            cm -> {
              cm.getMetadata()
                  .setAnnotations(Map.of("kustomize.toolkit.fluxcd.io/reconcile", "disabled"));
              return cm;
            });

    ChangeSet second = applier.apply(Manifests.parse(set, ns.name(), "second"), OPTIONS);

    assertThat(second.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo(Action.SKIPPED);
              assertThat(e.detail()).isEqualTo("reconcile: disabled (in-cluster)");
            });
    assertThat(client.configMaps().inNamespace(ns.name()).withName("paused").get().getData())
        .containsEntry("k", "first");
  }
}
