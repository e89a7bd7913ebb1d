package io.capstan.kustomize.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.kustomize.v1.PostBuild;
import io.capstan.api.kustomize.v1.SubstituteReference;
import io.capstan.api.kustomize.v1.VariablesSourceKind;
import io.capstan.kustomize.engine.Kustomizer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects {@code postBuild} variables ({@code substituteFrom} ConfigMaps and Secrets in order,
 * then inline {@code substitute}, later ones winning) and substitutes them into each rendered
 * object, skipping objects labelled or annotated {@code kustomize.toolkit.fluxcd.io/substitute:
 * disabled}.
 */
final class PostBuildVariables {

  private static final String DISABLE_KEY = Kustomization.GROUP + "/substitute";
  private static final YAMLMapper YAML = new YAMLMapper();

  private PostBuildVariables() {}

  /**
   * The variables of {@code k}; every value read from a Secret is also handed to {@code
   * secretValues} (e.g. {@code ReconcileContext::redact}) so messages quoting it can be masked.
   *
   * @throws IllegalArgumentException for a missing non-optional source or an invalid name
   */
  static Map<String, String> collect(
      KubernetesClient client, Kustomization k, Consumer<String> secretValues) {
    PostBuild postBuild = k.getSpec().getPostBuild();
    Map<String, String> vars = new LinkedHashMap<>();
    if (postBuild == null) {
      return vars;
    }
    String namespace = k.getMetadata().getNamespace();
    if (postBuild.getSubstituteFrom() != null) {
      for (SubstituteReference ref : postBuild.getSubstituteFrom()) {
        Map<String, String> data = read(client, namespace, ref);
        if (data == null) {
          if (Boolean.TRUE.equals(ref.getOptional())) {
            continue;
          }
          throw new IllegalArgumentException(
              "substitute from '" + ref.getKind() + "/" + ref.getName() + "' failed: not found");
        }
        if (ref.getKind() == VariablesSourceKind.Secret) {
          data.values().forEach(secretValues);
        }
        vars.putAll(data);
      }
    }
    if (postBuild.getSubstitute() != null) {
      vars.putAll(postBuild.getSubstitute());
    }
    for (String name : vars.keySet()) {
      if (!VariableSubstitution.validName(name)) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'");
      }
    }
    return vars;
  }

  private static Map<String, String> read(
      KubernetesClient client, String namespace, SubstituteReference ref) {
    if (ref.getKind() == VariablesSourceKind.Secret) {
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (secret == null) {
        return null;
      }
      Map<String, String> data = new LinkedHashMap<>();
      if (secret.getData() != null) {
        secret
            .getData()
            .forEach(
                (key, value) ->
                    data.put(
                        key,
                        new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
      }
      return data;
    }
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
    if (cm == null) {
      return null;
    }
    return cm.getData() == null ? Map.of() : cm.getData();
  }

  /** The objects with {@code vars} substituted (the same list when there are none). */
  static List<JsonNode> apply(List<JsonNode> objects, Map<String, String> vars) throws IOException {
    if (vars.isEmpty()) {
      return objects;
    }
    List<JsonNode> result = new ArrayList<>();
    for (JsonNode object : objects) {
      if (disabled(object)) {
        result.add(object);
        continue;
      }
      // Substitute in the YAML kustomize prints (as Flux does), so `replicas: ${n}` becomes a
      // number.
      String yaml = Kustomizer.render(List.of((ObjectNode) object));
      JsonNode substituted = YAML.readTree(VariableSubstitution.substitute(yaml, vars));
      if (!(substituted instanceof ObjectNode)) {
        throw new IOException("substitution turned an object into " + substituted);
      }
      result.add(substituted);
    }
    return result;
  }

  private static boolean disabled(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return "disabled".equalsIgnoreCase(metadata.path("labels").path(DISABLE_KEY).asText())
        || "disabled".equalsIgnoreCase(metadata.path("annotations").path(DISABLE_KEY).asText());
  }
}
