package io.capstan.e2e.demo;

import io.capstan.api.common.ResourceRef;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.api.source.v1.GitRepository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a user would read with {@code kubectl} during the demo: the Flux objects' status and the
 * webapp's objects in the cluster. Every method reads the live state (no caching).
 */
final class DemoState {

  /** Namespace of the GitRepository and the Kustomization, as in a Flux install. */
  static final String FLUX_NAMESPACE = "flux-system";

  /** Name of both the GitRepository and the Kustomization. */
  static final String NAME = "webapp";

  /** Namespace the webapp's kustomization puts its objects in. */
  static final String APP_NAMESPACE = "webapp";

  static final String NAME_LABEL = "kustomize.toolkit.fluxcd.io/name";
  static final String NAMESPACE_LABEL = "kustomize.toolkit.fluxcd.io/namespace";

  private final KubernetesClient client;

  DemoState(KubernetesClient client) {
    this.client = client;
  }

  Kustomization kustomization() {
    return client.resources(Kustomization.class).inNamespace(FLUX_NAMESPACE).withName(NAME).get();
  }

  GitRepository gitRepository() {
    return client.resources(GitRepository.class).inNamespace(FLUX_NAMESPACE).withName(NAME).get();
  }

  /** The condition of {@code type} in {@code conditions}, if present. */
  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  Deployment deployment() {
    return client.apps().deployments().inNamespace(APP_NAMESPACE).withName("web").get();
  }

  /** The value of {@code APP_VERSION} in the Deployment's pod template ({@code app} container). */
  static String appVersion(io.fabric8.kubernetes.api.model.PodSpec spec) {
    return spec.getContainers().stream()
        .filter(c -> c.getName().equals("app"))
        .flatMap(c -> c.getEnv().stream())
        .filter(e -> e.getName().equals("APP_VERSION"))
        .map(e -> e.getValue())
        .findFirst()
        .orElse(null);
  }

  /** Every Pod of the webapp, including terminating ones. */
  List<Pod> pods() {
    return client
        .pods()
        .inNamespace(APP_NAMESPACE)
        .withLabel("app.kubernetes.io/name", "web")
        .list()
        .getItems();
  }

  /** True when the Pod has condition Ready=True and is not being deleted. */
  static boolean isReady(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  List<ReplicaSet> replicaSets() {
    return client
        .apps()
        .replicaSets()
        .inNamespace(APP_NAMESPACE)
        .withLabel("app.kubernetes.io/name", "web")
        .list()
        .getItems();
  }

  /** resourceVersion of each object the webapp consists of, by inventory id. */
  Map<String, String> appResourceVersions() {
    Map<String, String> versions = new LinkedHashMap<>();
    for (HasMetadata object : ownedObjects()) {
      versions.put(inventoryId(object), object.getMetadata().getResourceVersion());
    }
    return versions;
  }

  /** The Kustomization's {@code status.inventory} ids, sorted; duplicates kept. */
  List<String> inventoryIds() {
    Kustomization k = kustomization();
    if (k == null || k.getStatus() == null || k.getStatus().getInventory() == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (ResourceRef ref : k.getStatus().getInventory().getEntries()) {
      ids.add(ref.getId());
    }
    ids.sort(null);
    return ids;
  }

  /**
   * Inventory ids of every object carrying the Kustomization's owner labels, among the kinds the
   * demo can contain (Namespaces, ConfigMaps, Secrets, Services, ServiceAccounts, Deployments).
   */
  SortedSet<String> ownedObjectIds() {
    SortedSet<String> ids = new TreeSet<>();
    for (HasMetadata object : ownedObjects()) {
      ids.add(inventoryId(object));
    }
    return ids;
  }

  private List<HasMetadata> ownedObjects() {
    Map<String, String> owner = Map.of(NAME_LABEL, NAME, NAMESPACE_LABEL, FLUX_NAMESPACE);
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(client.namespaces().withLabels(owner).list().getItems());
    objects.addAll(client.configMaps().inAnyNamespace().withLabels(owner).list().getItems());
    objects.addAll(client.secrets().inAnyNamespace().withLabels(owner).list().getItems());
    objects.addAll(client.services().inAnyNamespace().withLabels(owner).list().getItems());
    objects.addAll(client.serviceAccounts().inAnyNamespace().withLabels(owner).list().getItems());
    objects.addAll(
        client.apps().deployments().inAnyNamespace().withLabels(owner).list().getItems());
    return objects;
  }

  /** Flux's inventory id of a live object: {@code <namespace>_<name>_<group>_<kind>}. */
  static String inventoryId(HasMetadata object) {
    String apiVersion = object.getApiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String namespace = object.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace)
        + "_"
        + object.getMetadata().getName()
        + "_"
        + group
        + "_"
        + object.getKind();
  }
}
