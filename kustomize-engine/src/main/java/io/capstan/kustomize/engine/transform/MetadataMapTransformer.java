package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import io.capstan.kustomize.engine.yaml.SharedText;
import java.util.List;
import java.util.Map;

/**
 * Adds string pairs to the maps designated by field specs: the label transformer ({@code
 * commonLabels}, {@code labels}) and the annotations transformer ({@code commonAnnotations}).
 */
public final class MetadataMapTransformer implements Transformer {
  private final Map<String, String> pairs;
  private final List<FieldSpec> specs;

  /** Adds {@code pairs} at every field spec path (maps are created where specs say create). */
  public MetadataMapTransformer(Map<String, String> pairs, List<FieldSpec> specs) {
    this.pairs = pairs;
    this.specs = specs;
  }

  @Override
  public void transform(ResourceMap m) {
    if (pairs.isEmpty()) {
      return;
    }
    for (Resource r : m.resources()) {
      apply(r);
    }
  }

  /** Applies the pairs to one resource. */
  public void apply(Resource r) {
    // Like kustomize, one value node per pair and object: inserted wherever the key is missing,
    // so later in-place edits of one of those fields show in all of them.
    Map<String, SharedText> shared = new java.util.LinkedHashMap<>();
    pairs.forEach((k, v) -> shared.put(k, new SharedText(v)));
    for (FieldSpec fs : specs) {
      if (!r.gvk().isSelected(fs.gvk())) {
        continue;
      }
      FieldWalker.apply(
          r.obj(),
          fs.path(),
          fs.create(),
          FieldWalker.Create.MAP,
          node -> {
            if (node.isNull()) {
              return node;
            }
            if (!(node instanceof ObjectNode o)) {
              throw new KustomizeException(
                  "wrong node kind: expected MappingNode at " + fs.path() + " in " + r.curId());
            }
            shared.forEach(
                (k, v) -> {
                  JsonNode cur = o.get(k);
                  o.set(k, cur == null ? v : SharedText.assign(cur, TextNode.valueOf(v.asText())));
                });
            return o;
          });
    }
  }
}
