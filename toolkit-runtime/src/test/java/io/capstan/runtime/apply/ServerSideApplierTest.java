package io.capstan.runtime.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
