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
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes
class ServerSideApplierTest {

  private static final String MANAGER = "kustomize-controller";
  private static final Owner OWNER =
      new Owner("kustomize.toolkit.fluxcd.io", "apps", "flux-system");
  private static final ApplyOptions OPTIONS = ApplyOptions.builder(MANAGER).owner(OWNER).build();

  private static final String FULL_SET =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: ${NS}-extra}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: in-new-namespace, namespace: ${NS}-extra}
      data: {k: v}
      ---
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.${ID}.capstan.test}
      spec:
        group: ${ID}.capstan.test
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec: {type: object, properties: {size: {type: integer}}}
      ---
      apiVersion: ${ID}.capstan.test/v1
      kind: Widget
      metadata: {name: w1, namespace: ${NS}}
      spec: {size: 3}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings, namespace: ${NS}}
      data: {color: blue}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: ${NS}}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: "ghcr.io/stefanprodan/podinfo:6.5.0"}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: ${NS}}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: 9898}]
      """;

  private static String id() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName(
      "a new set is created in stages, re-applying reports unchanged, one edit reports configured")
  void createdUnchangedConfigured(KubernetesClient client, KubeNamespace ns) {
    String id = id();
    ServerSideApplier applier = new ServerSideApplier(client);
    try {
      ChangeSet first = applier.apply(Manifests.parse(FULL_SET, ns.name(), id), OPTIONS);

      assertThat(first.entries()).hasSize(7).allMatch(e -> e.action() == Action.CREATED);
      assertThat(first.entries().get(0).ref().kind()).isEqualTo("Namespace");
      assertThat(first.entries().get(1).ref().kind()).isEqualTo("CustomResourceDefinition");
      ConfigMap settings = client.configMaps().inNamespace(ns.name()).withName("settings").get();
      assertThat(settings.getMetadata().getLabels())
          .containsEntry("kustomize.toolkit.fluxcd.io/name", "apps")
          .containsEntry("kustomize.toolkit.fluxcd.io/namespace", "flux-system");
      assertThat(settings.getMetadata().getManagedFields())
          .anyMatch(f -> f.getManager().equals(MANAGER) && f.getOperation().equals("Apply"));

      ChangeSet second = applier.apply(Manifests.parse(FULL_SET, ns.name(), id), OPTIONS);
      assertThat(second.entries()).hasSize(7).allMatch(e -> e.action() == Action.UNCHANGED);

      String edited = FULL_SET.replace("color: blue", "color: green");
      ChangeSet third = applier.apply(Manifests.parse(edited, ns.name(), id), OPTIONS);
      assertThat(third.withAction(Action.CONFIGURED))
          .extracting(Object::toString)
          .containsExactly("ConfigMap/" + ns.name() + "/settings");
      assertThat(third.withAction(Action.UNCHANGED)).hasSize(6);
      assertThat(client.configMaps().inNamespace(ns.name()).withName("settings").get().getData())
          .containsEntry("color", "green");
    } finally {
      client.namespaces().withName(ns.name() + "-extra").delete();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName("widgets." + id + ".capstan.test")
          .delete();
    }
  }

  @Test
  @DisplayName(
      "a set with an invalid object or an unknown kind applies nothing and names each failing object")
  void dryRunFailureAppliesNothing(KubernetesClient client, KubeNamespace ns) {
    String set =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: good, namespace: ${NS}}
        data: {k: v}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: bad, namespace: ${NS}}
        spec:
          template:
            metadata: {labels: {app: bad}}
            spec: {containers: [{name: c, image: nginx}]}
        ---
        apiVersion: nothing.capstan.test/v1
        kind: Gadget
        metadata: {name: g, namespace: ${NS}}
        """;
    ServerSideApplier applier = new ServerSideApplier(client);

    assertThatThrownBy(() -> applier.apply(Manifests.parse(set, ns.name(), id()), OPTIONS))
        .isInstanceOfSatisfying(
            ApplyException.class,
            e -> {
              assertThat(e.failures()).hasSize(2);
              assertThat(e.getMessage())
                  .contains("Deployment/" + ns.name() + "/bad dry-run failed (Invalid)")
                  .contains("spec.selector: Required value")
                  .contains(
                      "Gadget/" + ns.name() + "/g dry-run failed: no matches for kind \"Gadget\"");
              assertThat(e.changeSet().entries()).isEmpty();
            });
    assertThat(client.configMaps().inNamespace(ns.name()).withName("good").get()).isNull();
  }

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
  @DisplayName("a namespace set on a cluster-scoped object is dropped, as the API server does")
  void clusterScopedObjectWithNamespace(KubernetesClient client, KubeNamespace ns) {
    String role =
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: ${ID}-reader, namespace: ${NS}}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
        """;
    ServerSideApplier applier = new ServerSideApplier(client);
    try {
      ChangeSet first = applier.apply(Manifests.parse(role, ns.name(), ns.name()), OPTIONS);
      ChangeSet second = applier.apply(Manifests.parse(role, ns.name(), ns.name()), OPTIONS);

      assertThat(first.actionOf("ClusterRole/" + ns.name() + "-reader")).contains(Action.CREATED);
      assertThat(second.actionOf("ClusterRole/" + ns.name() + "-reader"))
          .contains(Action.UNCHANGED);
    } finally {
      client.rbac().clusterRoles().withName(ns.name() + "-reader").delete();
    }
  }

  @Test
  @DisplayName(
      "with an impersonating client, objects the service account may not write fail the dry-run")
  void impersonationIsEnforced(KubernetesClient admin, KubeNamespace ns) {
    String set =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: denied, namespace: ${NS}}
        data: {k: v}
        """;
    try (KubernetesClient impersonating =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(admin.getConfiguration())
                    .withImpersonateUsername("system:serviceaccount:" + ns.name() + ":default")
                    .build())
            .build()) {
      ServerSideApplier applier = new ServerSideApplier(impersonating);

      assertThatThrownBy(() -> applier.apply(Manifests.parse(set, ns.name(), ""), OPTIONS))
          .isInstanceOf(ApplyException.class)
          .hasMessageContaining("ConfigMap/" + ns.name() + "/denied dry-run failed (Forbidden)")
          .hasMessageContaining("system:serviceaccount:" + ns.name() + ":default");
    }
    assertThat(admin.configMaps().inNamespace(ns.name()).withName("denied").get()).isNull();
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

  @Test
  @DisplayName(
      "a custom resource of a version its new CRD does not serve fails before the CRD is applied")
  void customResourceOfUnservedVersion(KubernetesClient client, KubeNamespace ns) {
    String id = id();
    String set =
        FULL_SET
                .substring(
                    FULL_SET.indexOf("apiVersion: apiextensions"),
                    FULL_SET.indexOf("spec: {size: 3}"))
                .replace("apiVersion: ${ID}.capstan.test/v1", "apiVersion: ${ID}.capstan.test/v2")
            + "spec: {size: 3}\n";
    ServerSideApplier applier = new ServerSideApplier(client);

    assertThatThrownBy(() -> applier.apply(Manifests.parse(set, ns.name(), id), OPTIONS))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining(
            "Widget/"
                + ns.name()
                + "/w1 dry-run failed: no matches for kind \"Widget\" in version \""
                + id
                + ".capstan.test/v2\"");
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("widgets." + id + ".capstan.test")
                .get())
        .isNull();
  }
}
