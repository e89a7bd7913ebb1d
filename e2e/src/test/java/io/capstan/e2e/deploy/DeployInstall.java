package io.capstan.e2e.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/** Installs deploy/ (as our engine builds it) on a test control plane with server-side apply. */
final class DeployInstall {

  static final String FIELD_MANAGER = "capstan-install";

  private static List<GenericKubernetesResource> applied;

  private DeployInstall() {}

  /**
   * Server-side applies every object of deploy/ in build order (Namespace and CRDs first), once per
   * JVM, waits for the CRDs to be Established and returns what the API server answered.
   */
  static synchronized List<GenericKubernetesResource> apply(KubernetesClient admin) {
    if (applied != null) {
      return applied;
    }
    List<GenericKubernetesResource> answers = new ArrayList<>();
    for (ObjectNode object : DeployTree.objects()) {
      GenericKubernetesResource resource =
          admin.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
      answers.add(
          admin.resource(resource).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
    }
    for (ObjectNode crd : DeployTree.ofKind("CustomResourceDefinition")) {
      String name = crd.at("/metadata/name").asText();
      Awaitility.await("CRD " + name + " Established")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  established(
                      admin.apiextensions().v1().customResourceDefinitions().withName(name).get()));
    }
    applied = List.copyOf(answers);
    return applied;
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
