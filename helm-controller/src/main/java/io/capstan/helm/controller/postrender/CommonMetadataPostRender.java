package io.capstan.helm.controller.postrender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.common.CommonMetadata;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.PostRenderer;
import java.io.IOException;
import java.util.Map;

/**
 * Flux's {@code postrender/commonmetadata.go}: {@code spec.commonMetadata} labels and annotations
 * set on every object of the release manifest (overriding the chart's values for the same keys).
 */
public final class CommonMetadataPostRender implements PostRenderer {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final CommonMetadata metadata;

  public CommonMetadataPostRender(CommonMetadata metadata) {
    this.metadata = metadata;
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
        ObjectNode meta =
            object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        put(meta, "labels", metadata.getLabels());
        put(meta, "annotations", metadata.getAnnotations());
        out.append("---\n").append(YAML.writeValueAsString(object).replaceFirst("^---\\s*\n", ""));
      }
    } catch (IOException e) {
      throw new ActionException("post-render: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static void put(ObjectNode meta, String field, Map<String, String> entries) {
    if (entries == null || entries.isEmpty()) {
      return;
    }
    ObjectNode target = meta.get(field) instanceof ObjectNode o ? o : meta.putObject(field);
    entries.forEach(target::put);
  }
}
