package io.capstan.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * Build-time only: a fabric8 CRD-generator customizer that applies a JSON merge patch (RFC 7386) to
 * the schema generated for the annotated class, recursing into nested objects. It adds the schema
 * facts fabric8 has no annotation for (root {@code apiVersion}/{@code kind}/{@code metadata},
 * {@code format}, {@code x-kubernetes-list-type}, ...). fabric8's own {@code MergePatchCustomizer}
 * replaces nested objects such as {@code properties} wholesale instead.
 *
 * <p>Use: {@code @SchemaCustomizer(value = SchemaMergePatch.class, input = "{...}")}. Only the
 * generator loads this class; the generator API is a {@code provided} dependency and the annotation
 * is ignored at run time.
 */
public final class SchemaMergePatch implements SchemaCustomizer.Customizer {

  /**
   * Declares the root {@code apiVersion}, {@code kind} and {@code metadata} fields that Flux's CRDs
   * list and fabric8 omits; apply to every custom resource class.
   */
  public static final String TYPE_META =
      """
      {"properties": {
        "apiVersion": {"type": "string", "description": "APIVersion defines the versioned schema\
       of this representation of an object. Servers should convert recognized schemas to the latest\
       internal value, and may reject unrecognized values."},
        "kind": {"type": "string", "description": "Kind is a string value representing the REST\
       resource this object represents. Servers may infer this from the endpoint the client submits\
       requests to. Cannot be updated. In CamelCase."},
        "metadata": {"type": "object"}
      }}
      """;

  /**
   * The formats Flux declares on the common status fields ({@code observedGeneration} and the
   * conditions' {@code lastTransitionTime}/{@code observedGeneration}); apply to every status class
   * that implements {@code FluxStatus}.
   */
  public static final String STATUS_FORMATS =
      """
      {"properties": {
        "observedGeneration": {"format": "int64"},
        "conditions": {"items": {"properties": {
          "lastTransitionTime": {"format": "date-time"},
          "observedGeneration": {"format": "int64"}
        }}}
      }}
      """;

  /** Creates the customizer; the generator instantiates it reflectively. */
  public SchemaMergePatch() {}

  /** Returns {@code props} with {@code input} (a JSON object) merged in recursively. */
  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    JsonNode target = serialization.convertValue(props, JsonNode.class);
    JsonNode patch = serialization.unmarshal(input, JsonNode.class);
    return serialization.convertValue(merge(target, patch), JSONSchemaProps.class);
  }

  /** RFC 7386: objects merge key by key, {@code null} removes a key, anything else replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : ((ObjectNode) patch).objectNode();
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
