package io.capstan.helm.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.PostRenderer;
import java.io.IOException;
import java.util.Map;

/**
 * The post-renderer Flux's helm-controller always runs last: every object of the release manifest
 * gets the labels {@code helm.toolkit.fluxcd.io/name} and {@code helm.toolkit.fluxcd.io/namespace}
 * naming the HelmRelease, so {@code kubectl get -l} finds what a HelmRelease made.
 */
public final class OriginLabels implements PostRenderer {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, String> labels;

  /** Labels naming the HelmRelease {@code namespace/name}. */
  public OriginLabels(String name, String namespace) {
    this.labels =
        Map.of("helm.toolkit.fluxcd.io/name", name, "helm.toolkit.fluxcd.io/namespace", namespace);
  }

  @Override
  public String render(String manifest) throws ActionException {
    StringBuilder out = new StringBuilder();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifest)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (!(doc instanceof ObjectNode object) || object.isEmpty()) {
          continue;
        }
        ObjectNode metadata =
            object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        ObjectNode docLabels =
            metadata.get("labels") instanceof ObjectNode l ? l : metadata.putObject("labels");
        labels.forEach(docLabels::put);
        out.append("---\n").append(YAML.writeValueAsString(object).replaceFirst("^---\\s*\n", ""));
      }
    } catch (IOException e) {
      throw new ActionException("post-render: " + e.getMessage(), e);
    }
    return out.toString();
  }
}
