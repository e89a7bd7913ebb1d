package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.resource.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ValueAddTransformer plugin: writes a value into target fields, either whole or as one segment
 * of a slash-separated path ({@code filePathPosition}); {@code metadata/namespace} targets behave
 * like the namespace transformer.
 */
public final class ValueAddTransformer implements Transformer {
  private record Target(Selector selector, String fieldPath, int position) {}

  private final String value;
  private final List<Target> targets;

  private ValueAddTransformer(String value, List<Target> targets) {
    this.value = value;
    this.targets = targets;
  }

  /** Reads the plugin config; {@code targetsFile} holds extra targets when present. */
  public static ValueAddTransformer of(JsonNode cfg, JsonNode targetsFile) {
    List<Target> ts = new ArrayList<>();
    add(ts, cfg.get("targets"));
    if (targetsFile != null) {
      add(ts, targetsFile.isArray() ? targetsFile : targetsFile.get("targets"));
    }
    return new ValueAddTransformer(Resource.text(cfg.get("value")), ts);
  }

  private static void add(List<Target> ts, JsonNode list) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (JsonNode t : list) {
      JsonNode sel = t.get("selector");
      ts.add(
          new Target(
              sel == null || sel.isNull() ? null : Selector.of(sel),
              Resource.text(t.get("fieldPath")),
              t.path("filePathPosition").asInt(0)));
    }
  }

  @Override
  public void transform(ResourceMap m) {
    for (Target t : targets) {
      List<Resource> rs =
          t.selector == null ? new ArrayList<>(m.resources()) : m.select(t.selector);
      for (Resource r : rs) {
        if (t.fieldPath.equals("metadata/namespace")) {
          new NamespaceTransformer(value, List.of(), false, "").transformOne(r);
          continue;
        }
        FieldWalker.apply(
            r.obj(),
            t.fieldPath,
            true,
            FieldWalker.Create.SCALAR,
            n -> {
              if (t.position <= 0 || n == null || n.isNull()) {
                return TextNode.valueOf(value);
              }
              List<String> parts = new ArrayList<>(Arrays.asList(n.asText().split("/", -1)));
              int at = Math.min(t.position - 1, parts.size());
              parts.add(at, value);
              return TextNode.valueOf(String.join("/", parts));
            });
      }
    }
  }
}
