package io.capstan.kustomize.controller.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.common.CommonMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.commonMetadata}, as Flux's {@code SetCommonMetadata}: after build and substitution,
 * every object's {@code metadata.labels} and {@code metadata.annotations} get the common entries,
 * which win over the object's own values for the same key (pod templates and other nested metadata
 * are left alone). The owner labels {@code kustomize.toolkit.fluxcd.io/name|namespace} are stamped
 * later by the applier, so they win over common labels of the same key.
 */
final class CommonMetadataTransformer {

  private CommonMetadataTransformer() {}

  /** Copies of {@code objects} with the common metadata set (the same list when there is none). */
  static List<JsonNode> apply(List<JsonNode> objects, CommonMetadata common) {
    Map<String, String> labels = common == null ? null : common.getLabels();
    Map<String, String> annotations = common == null ? null : common.getAnnotations();
    if ((labels == null || labels.isEmpty()) && (annotations == null || annotations.isEmpty())) {
      return objects;
    }
    List<JsonNode> result = new ArrayList<>(objects.size());
    for (JsonNode object : objects) {
      ObjectNode copy = (ObjectNode) object.deepCopy();
      ObjectNode metadata = child(copy, "metadata");
      put(metadata, "labels", labels);
      put(metadata, "annotations", annotations);
      result.add(copy);
    }
    return result;
  }

  private static void put(ObjectNode metadata, String field, Map<String, String> entries) {
    if (entries == null || entries.isEmpty()) {
      return;
    }
    ObjectNode map = child(metadata, field);
    entries.forEach(map::put);
  }

  private static ObjectNode child(ObjectNode parent, String field) {
    JsonNode node = parent.get(field);
    return node instanceof ObjectNode o ? o : parent.putObject(field);
  }
}
