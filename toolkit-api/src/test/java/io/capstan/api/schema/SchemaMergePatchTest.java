package io.capstan.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("SchemaMergePatch")
class SchemaMergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        // RFC 7386 appendix A cases that matter for schemas
        "{'a':'b'}; {'a':'c'}; {'a':'c'}",
        "{'a':'b'}; {'b':'c'}; {'a':'b','b':'c'}",
        "{'a':'b'}; {'a':null}; {}",
        "{'a':['b']}; {'a':'c'}; {'a':'c'}",
        "{'a':{'b':'c'}}; {'a':{'b':'d','c':null}}; {'a':{'b':'d'}}",
        "{'e':null}; {'a':1}; {'e':null,'a':1}",
        "{'a':[{'b':'c'}]}; {'a':[1]}; {'a':[1]}",
        "{}; {'a':{'bb':{'ccc':null}}}; {'a':{'bb':{}}}",
        "['a','b']; {'a':'c'}; {'a':'c'}",
        "{'a':'foo'}; 'bar'; 'bar'"
      })
  @DisplayName("merges like RFC 7386 JSON merge patch")
  void mergesLikeRfc7386(String target, String patch, String expected) throws Exception {
    JsonNode merged = SchemaMergePatch.merge(json(target), json(patch));

    assertThat(merged).isEqualTo(json(expected));
  }

  @Test
  @DisplayName("adds nested properties without dropping the generated ones")
  void keepsGeneratedProperties() {
    JSONSchemaProps generated =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object").build())
            .build();

    JSONSchemaProps patched =
        new SchemaMergePatch()
            .apply(generated, SchemaMergePatch.TYPE_META, new KubernetesSerialization());

    assertThat(patched.getProperties()).containsOnlyKeys("apiVersion", "kind", "metadata", "spec");
    assertThat(patched.getProperties().get("spec").getType()).isEqualTo("object");
    assertThat(patched.getProperties().get("kind").getType()).isEqualTo("string");
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
