package io.capstan.runtime.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;

/** Multi-document YAML to objects, with {@code NS} replaced by the test's namespace. */
public final class Manifests {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private Manifests() {}

  /** Parses {@code ---}-separated documents after substituting {@code ${NS}} and {@code ${ID}}. */
  public static List<GenericKubernetesResource> parse(String yaml, String namespace, String id) {
    String text = yaml.replace("${NS}", namespace).replace("${ID}", id);
    return Arrays.stream(text.split("(?m)^---\\s*$"))
        .filter(doc -> !doc.isBlank())
        .map(doc -> YAML.unmarshal(doc, GenericKubernetesResource.class))
        .toList();
  }
}
