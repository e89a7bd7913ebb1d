package io.capstan.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("SchemaMergePatch")
class SchemaMergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // RFC 7386 appendix A
        "{'a':'b'}                 | {'a':'c'}                 | {'a':'c'}",
        "{'a':'b'}                 | {'b':'c'}                 | {'a':'b','b':'c'}",
        "{'a':'b'}                 | {'a':null}                | {}",
        "{'a':'b','b':'c'}         | {'a':null}                | {'b':'c'}",
        "{'a':['b']}               | {'a':'c'}                 | {'a':'c'}",
        "{'a':'c'}                 | {'a':['b']}               | {'a':['b']}",
        "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}}  | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}         | {'a':[1]}                 | {'a':[1]}",
        "['a','b']                 | {'a':'c'}                 | {'a':'c'}",
        "[1,2]                     | {'a':'b','c':null}        | {'a':'b'}",
        "{'e':null}                | {'a':1}                   | {'e':null,'a':1}",
        "{}                        | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
        "{'a':'foo'}               | 'bar'                     | 'bar'",
        // what schema patches rely on: nested objects merge key by key
        "{'a':1}                   | {'b':2}                   | {'a':1,'b':2}",
        "{'a':{'x':1,'y':2}}       | {'a':{'y':3}}             | {'a':{'x':1,'y':3}}",
        "{'a':{'x':1},'b':2}       | {'b':null}                | {'a':{'x':1}}",
        "{'a':[1,2]}               | {'a':[3]}                 | {'a':[3]}",
        "{'a':'text'}              | {'a':{'x':1}}             | {'a':{'x':1}}",
        "{'a':{'x':1}}             | {'a':'text'}              | {'a':'text'}",
        "{'p':{'q':{'r':{'s':1}}}} | {'p':{'q':{'r':{'t':2}}}} | {'p':{'q':{'r':{'s':1,'t':2}}}}",
        "{'a':1}                   | {}                        | {'a':1}",
      })
  @DisplayName("merges like RFC 7386 JSON merge patch, leaving the target unmodified")
  void mergesLikeRfc7386(String target, String patch, String expected) throws Exception {
    JsonNode targetNode = json(target);
    JsonNode before = targetNode.deepCopy();

    JsonNode merged = SchemaMergePatch.merge(targetNode, json(patch));

    assertThat(merged).isEqualTo(json(expected));
    assertThat(targetNode).as("target left unmodified").isEqualTo(before);
  }

  /**
   * A generated schema, a patch (the shared constants, JSON or YAML), and the property types and
   * formats expected afterwards: the patched ones change, their siblings stay.
   */
  static Stream<Arguments> schemaPatches() {
    JSONSchemaProps root = object(Map.of("spec", type("object")));
    JSONSchemaProps status =
        object(
            Map.of(
                "url", type("string"),
                "observedGeneration", type("integer"),
                "lastHandledReconcileAt", type("string")));
    return Stream.of(
        arguments(
            "root + TYPE_META",
            root,
            ResourceSchema.TYPE_META,
            Map.of(
                "apiVersion", "string",
                "kind", "string",
                "metadata", "object",
                "spec", "object")),
        arguments(
            "status + STATUS_FORMATS",
            status,
            ResourceSchema.STATUS_FORMATS,
            Map.of(
                "url", "string",
                "observedGeneration", "integer int64",
                "lastHandledReconcileAt", "string")),
        arguments(
            "status + JSON patch",
            status,
            "{\"properties\":{\"observedGeneration\":{\"format\":\"int64\"}}}",
            Map.of(
                "url", "string",
                "observedGeneration", "integer int64",
                "lastHandledReconcileAt", "string")),
        arguments(
            "status + YAML patch",
            status,
            "properties:\n  observedGeneration: {format: int64}\n",
            Map.of(
                "url", "string",
                "observedGeneration", "integer int64",
                "lastHandledReconcileAt", "string")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaPatches")
  @DisplayName("adds to nested property schemas without dropping the generated siblings")
  void keepsGeneratedProperties(
      String name, JSONSchemaProps generated, String patch, Map<String, String> expected) {
    JSONSchemaProps patched =
        new SchemaMergePatch().apply(generated, patch, new KubernetesSerialization());

    assertThat(patched.getType()).isEqualTo("object");
    assertThat(patched.getProperties()).containsOnlyKeys(expected.keySet());
    expected.forEach(
        (property, typeAndFormat) -> {
          JSONSchemaProps schema = patched.getProperties().get(property);
          String actual =
              schema.getFormat() == null
                  ? schema.getType()
                  : schema.getType() + " " + schema.getFormat();
          assertThat(actual).as(property).isEqualTo(typeAndFormat);
        });
  }

  private static JSONSchemaProps type(String type) {
    return new JSONSchemaPropsBuilder().withType(type).build();
  }

  private static JSONSchemaProps object(Map<String, JSONSchemaProps> properties) {
    return new JSONSchemaPropsBuilder().withType("object").withProperties(properties).build();
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
