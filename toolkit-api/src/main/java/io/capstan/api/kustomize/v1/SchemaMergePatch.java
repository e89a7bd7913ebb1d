package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CRD-generation hook that applies its input to a generated schema as a JSON merge patch (RFC
 * 7386): objects merge recursively, {@code null} removes a key, anything else replaces. Used
 * through {@code @SchemaCustomizer(value = SchemaMergePatch.class, input = "{...}")} to add what
 * fabric8 cannot express with annotations (root fields, formats). fabric8's own {@code
 * MergePatchCustomizer} replaces nested maps wholesale, which would drop sibling properties.
 */
public final class SchemaMergePatch implements SchemaCustomizer.Customizer {

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    JsonNode target = serialization.convertValue(props, JsonNode.class);
    JsonNode patch = serialization.unmarshal(input, JsonNode.class);
    return serialization.convertValue(merge(target, patch), JSONSchemaProps.class);
  }

  /** Returns {@code target} with {@code patch} merged in; {@code target} may be modified. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? (ObjectNode) target
            : ((ObjectNode) patch).objectNode();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    patch.fields().forEachRemaining(entries::add);
    for (Map.Entry<String, JsonNode> e : entries) {
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }
}
