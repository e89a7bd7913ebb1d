package io.capstan.api.source.v1;

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

@DisplayName("SchemaMergePatch merges like RFC 7386")
class SchemaMergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'a':1}                  | {'b':2}                 | {'a':1,'b':2}",
        "{'a':{'x':1,'y':2}}      | {'a':{'y':3}}           | {'a':{'x':1,'y':3}}",
        "{'a':{'x':1},'b':2}      | {'b':null}              | {'a':{'x':1}}",
        "{'a':[1,2]}              | {'a':[3]}               | {'a':[3]}",
        "{'a':'text'}             | {'a':{'x':1}}           | {'a':{'x':1}}",
        "{'a':{'x':1}}            | {'a':'text'}            | {'a':'text'}",
        "{'p':{'q':{'r':{'s':1}}}} | {'p':{'q':{'r':{'t':2}}}} | {'p':{'q':{'r':{'s':1,'t':2}}}}",
        "{'a':1}                  | {}                      | {'a':1}",
      })
  @DisplayName("merges nested objects key by key, removes nulls, replaces everything else")
  void mergesRecursively(String target, String patch, String expected) throws Exception {
    JsonNode targetNode = json(target);
    JsonNode before = targetNode.deepCopy();

    JsonNode merged = SchemaMergePatch.merge(targetNode, json(patch));

    assertThat(merged).isEqualTo(json(expected));
    assertThat(targetNode).as("target left unmodified").isEqualTo(before);
  }

  @Test
  @DisplayName("adds a nested property without dropping its siblings")
  void keepsSiblingProperties() {
    JSONSchemaProps status =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties("url", new JSONSchemaPropsBuilder().withType("string").build())
            .addToProperties(
                "observedGeneration", new JSONSchemaPropsBuilder().withType("integer").build())
            .build();

    JSONSchemaProps patched =
        new SchemaMergePatch()
            .apply(
                status,
                KubernetesObjectSchema.OBSERVED_GENERATION_INT64,
                new KubernetesSerialization());

    assertThat(patched.getProperties()).containsOnlyKeys("url", "observedGeneration");
    assertThat(patched.getProperties().get("observedGeneration").getType()).isEqualTo("integer");
    assertThat(patched.getProperties().get("observedGeneration").getFormat()).isEqualTo("int64");
    assertThat(patched.getProperties().get("url").getType()).isEqualTo("string");
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
