package io.capstan.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * Build-time only: a fabric8 CRD-generator customizer that applies its input, a JSON merge patch
 * (RFC 7386, written in JSON or YAML), to the schema generated for the annotated class, recursing
 * into nested objects. It adds the schema facts fabric8 has no annotation for (root {@code
 * apiVersion}/{@code kind}/{@code metadata}, {@code format}, {@code x-kubernetes-list-type}, ...).
 * fabric8's own {@code MergePatchCustomizer} replaces nested objects such as {@code properties}
 * wholesale, which would drop the sibling properties; this one merges them.
 *
 * <p>Use: {@code @SchemaCustomizer(value = SchemaMergePatch.class, input = "{...}")}, with the
 * shared patches of {@link ResourceSchema} where they apply. Only the generator loads this class;
 * the generator API is a {@code provided} dependency and the annotation is ignored at run time.
 */
public final class SchemaMergePatch implements SchemaCustomizer.Customizer {

  /** Creates the customizer; the generator instantiates it reflectively. */
  public SchemaMergePatch() {}

  /** Returns a copy of {@code props} with {@code input} (a JSON or YAML object) merged in. */
  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    JsonNode target = serialization.convertValue(props, JsonNode.class);
    JsonNode patch = serialization.unmarshal(input, JsonNode.class);
    return serialization.convertValue(merge(target, patch), JSONSchemaProps.class);
  }

  /**
   * RFC 7386: objects merge key by key, {@code null} removes a key, anything else replaces the
   * target. Neither argument is modified.
   */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
