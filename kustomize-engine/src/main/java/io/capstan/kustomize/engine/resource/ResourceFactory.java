package io.capstan.kustomize.engine.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;

/** Turns YAML text into resources: one per document, with {@code *List} kinds expanded. */
public final class ResourceFactory {
  private ResourceFactory() {}

  /** Parses every object of a YAML stream. */
  public static List<Resource> fromText(String text, String source) {
    List<Resource> out = new ArrayList<>();
    for (JsonNode d : YamlReader.readAll(text, source)) {
      if (d == null || d.isNull()) {
        continue;
      }
      if (d.isObject() && d.size() == 0) {
        continue;
      }
      if (!d.isObject()) {
        throw new KustomizeException(
            "invalid resource in " + source + ": expected a YAML map, got " + d.getNodeType());
      }
      expand((ObjectNode) d, out, source);
    }
    return out;
  }

  private static void expand(ObjectNode o, List<Resource> out, String source) {
    String kind = Resource.text(o.get("kind"));
    JsonNode items = o.get("items");
    if (kind.endsWith("List") && o.has("items")) {
      if (items != null && items.isArray()) {
        for (JsonNode it : items) {
          if (it.isObject()) {
            expand((ObjectNode) it, out, source);
          }
        }
      }
      return;
    }
    out.add(new Resource(o));
  }
}
