package io.capstan.runtime.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.runtime.apply.Action;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.Manifests;
import io.capstan.runtime.apply.Owner;
import io.capstan.runtime.apply.ServerSideApplier;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes
class PrunerTest {

  private static final String GROUP = "kustomize.toolkit.fluxcd.io";
  private static final Owner APPS = new Owner(GROUP, "apps", "flux-system");
  private static final Owner INFRA = new Owner(GROUP, "infra", "flux-system");

  private static final String SET =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: kept, namespace: ${NS}}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: removed, namespace: ${NS}}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: protected, namespace: ${NS}, annotations: {kustomize.toolkit.fluxcd.io/prune: disabled}}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: removed-too, namespace: ${NS}}
      stringData: {a: b}
      """;

  private static ConfigMap configMap(KubernetesClient client, KubeNamespace ns, String name) {
    return client.configMaps().inNamespace(ns.name()).withName(name).get();
  }

  @Test
  @DisplayName(
      "prunes objects removed from the set, but not those with prune: disabled or another owner")
  void prunesStaleObjects(KubernetesClient client, KubeNamespace ns) {
    ServerSideApplier applier = new ServerSideApplier(client);
    ChangeSet first =
        applier.apply(
            Manifests.parse(SET, ns.name(), ""),
            ApplyOptions.builder("kustomize-controller").owner(APPS).build());
    // Another Kustomization now claims "removed-too" (same object, different owner labels).
    applier.apply(
        Manifests.parse(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: removed-too, namespace: ${NS}}
            stringData: {a: b}
            """,
            ns.name(),
            ""),
        ApplyOptions.builder("kustomize-controller").owner(INFRA).build());
    Inventory previous = Inventory.of(first);
    ChangeSet second =
        applier.apply(
            Manifests.parse(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: kept, namespace: ${NS}}
                """,
                ns.name(),
                ""),
            ApplyOptions.builder("kustomize-controller").owner(APPS).build());

    ChangeSet pruned =
        new Pruner(applier.resources(), APPS, GROUP).prune(previous, Inventory.of(second));

    assertThat(pruned.actionOf("ConfigMap/" + ns.name() + "/removed")).contains(Action.DELETED);
    assertThat(pruned.actionOf("ConfigMap/" + ns.name() + "/protected")).contains(Action.SKIPPED);
    assertThat(pruned.actionOf("Secret/" + ns.name() + "/removed-too")).contains(Action.SKIPPED);
    assertThat(pruned.actionOf("ConfigMap/" + ns.name() + "/kept")).isEmpty();
    assertThat(configMap(client, ns, "removed")).isNull();
    assertThat(configMap(client, ns, "protected")).isNotNull();
    assertThat(configMap(client, ns, "kept")).isNotNull();
    assertThat(client.secrets().inNamespace(ns.name()).withName("removed-too").get()).isNotNull();
  }

  private static final String FINALIZED =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: finalized, namespace: ${NS}, finalizers: [capstan.test/hold]}
      """;

  @Test
  @DisplayName("WaitForTermination waits for finalizers and fails naming the objects still there")
  void waitsForTermination(KubernetesClient client, KubeNamespace ns) {
    ServerSideApplier applier = new ServerSideApplier(client);
    ChangeSet applied =
        applier.apply(
            Manifests.parse(FINALIZED, ns.name(), ""),
            ApplyOptions.builder("kustomize-controller").owner(APPS).build());
    Pruner pruner = new Pruner(applier.resources(), APPS, GROUP);

    assertThatThrownBy(
            () ->
                pruner.deleteForPolicy(
                    Inventory.of(applied),
                    DeletionPolicy.WAIT_FOR_TERMINATION,
                    false,
                    Duration.ofSeconds(2)))
        .isInstanceOf(Pruner.PruneException.class)
        .hasMessageContaining(
            "timeout waiting for termination of: [ConfigMap/" + ns.name() + "/finalized]")
        .matches(e -> ((Pruner.PruneException) e).terminationTimedOut(), "terminationTimedOut");

    client
        .configMaps()
        .inNamespace(ns.name())
        .withName("finalized")
        .edit(
            cm -> {
              cm.getMetadata().setFinalizers(List.of());
              return cm;
            });
    assertThat(configMap(client, ns, "finalized")).isNull();
  }

  @Test
  @DisplayName(
      "Orphan and MirrorPrune without prune keep the objects; Delete removes them in reverse apply order")
  void deletionPolicies(KubernetesClient client, KubeNamespace ns) {
    ServerSideApplier applier = new ServerSideApplier(client);
    ChangeSet applied =
        applier.apply(
            Manifests.parse(SET, ns.name(), ""),
            ApplyOptions.builder("kustomize-controller").owner(APPS).build());
    Inventory inventory = Inventory.of(applied);
    Pruner pruner = new Pruner(applier.resources(), APPS, GROUP);

    assertThat(
            pruner.deleteForPolicy(inventory, DeletionPolicy.ORPHAN, true, Duration.ZERO).entries())
        .isEmpty();
    assertThat(
            pruner
                .deleteForPolicy(inventory, DeletionPolicy.MIRROR_PRUNE, false, Duration.ZERO)
                .entries())
        .isEmpty();
    assertThat(configMap(client, ns, "removed")).isNotNull();

    ChangeSet deleted =
        pruner.deleteForPolicy(inventory, DeletionPolicy.DELETE, false, Duration.ofSeconds(30));

    assertThat(deleted.withAction(Action.DELETED))
        .extracting(Object::toString)
        .containsExactly(
            "ConfigMap/" + ns.name() + "/removed",
            "ConfigMap/" + ns.name() + "/kept",
            "Secret/" + ns.name() + "/removed-too");
    assertThat(configMap(client, ns, "kept")).isNull();
    assertThat(configMap(client, ns, "protected")).isNotNull();
  }
}
