package io.capstan.api.kustomize.v1;

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
      delimiter = '|',
      value = {
        // a patch value replaces, an object merges, null removes (RFC 7386 semantics)
        "{'a':'b'}|{'a':'c'}|{'a':'c'}",
        "{'a':'b'}|{'b':'c'}|{'a':'b','b':'c'}",
        "{'a':'b'}|{'a':null}|{}",
        "{'a':'b','b':'c'}|{'a':null}|{'b':'c'}",
        "{'a':['b']}|{'a':'c'}|{'a':'c'}",
        "{'a':'c'}|{'a':['b']}|{'a':['b']}",
        "{'a':{'b':'c'}}|{'a':{'b':'d','c':null}}|{'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}|{'a':[1]}|{'a':[1]}",
        "{'e':null}|{'a':1}|{'e':null,'a':1}",
        "[1,2]|{'a':'b','c':null}|{'a':'b'}",
        "{}|{'a':{'bb':{'ccc':null}}}|{'a':{'bb':{}}}",
      })
  @DisplayName("merges JSON documents like RFC 7386")
  void mergesLikeRfc7386(String target, String patch, String expected) throws Exception {
    JsonNode merged = SchemaMergePatch.merge(json(target), json(patch));

    assertThat(merged).isEqualTo(json(expected));
  }

  @Test
  @DisplayName("adds to a nested property schema without dropping its siblings")
  void keepsSiblingProperties() {
    JSONSchemaProps status =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties(
                "observedGeneration", new JSONSchemaPropsBuilder().withType("integer").build())
            .addToProperties(
                "lastHandledReconcileAt", new JSONSchemaPropsBuilder().withType("string").build())
            .build();

    JSONSchemaProps patched =
        new SchemaMergePatch()
            .apply(
                status,
                "properties:\n  observedGeneration: {format: int64}\n",
                new KubernetesSerialization());

    assertThat(patched.getProperties())
        .containsOnlyKeys("observedGeneration", "lastHandledReconcileAt");
    assertThat(patched.getProperties().get("observedGeneration").getType()).isEqualTo("integer");
    assertThat(patched.getProperties().get("observedGeneration").getFormat()).isEqualTo("int64");
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
