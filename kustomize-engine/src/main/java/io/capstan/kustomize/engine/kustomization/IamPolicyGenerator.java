package io.capstan.kustomize.engine.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Resource;
import java.util.List;

/**
 * The IAMPolicyGenerator plugin (cloud: gke): a ServiceAccount annotated with the Google service
 * account it impersonates through workload identity.
 */
final class IamPolicyGenerator {
  private IamPolicyGenerator() {}

  static List<Resource> generate(JsonNode cfg) {
    String cloud = Resource.text(cfg.get("cloud"));
    if (!cloud.equals("gke")) {
      throw new KustomizeException("IAMPolicyGenerator: unsupported cloud '" + cloud + "'");
    }
    JsonNode ks = cfg.path("kubernetesService");
    JsonNode sa = cfg.path("serviceAccount");
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("apiVersion", "v1");
    o.put("kind", "ServiceAccount");
    ObjectNode md = o.putObject("metadata");
    md.put("name", Resource.text(ks.get("name")));
    if (!Resource.text(ks.get("namespace")).isEmpty()) {
      md.put("namespace", Resource.text(ks.get("namespace")));
    }
    md.putObject("annotations")
        .put(
            "iam.gke.io/gcp-service-account",
            Resource.text(sa.get("name"))
                + "@"
                + Resource.text(sa.get("projectId"))
                + ".iam.gserviceaccount.com");
    return List.of(new Resource(o));
  }
}
