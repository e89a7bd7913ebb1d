package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.node.LongNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.config.FieldSpec;
import io.capstan.kustomize.engine.config.FieldWalker;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import java.util.ArrayList;
import java.util.List;

/** Sets the replica count of the resources with a given name ({@code replicas:}). */
public final class ReplicaCountTransformer implements Transformer {
  private final String name;
  private final long count;
  private final List<FieldSpec> specs;

  /** Creates the transformer for one {@code replicas:} entry. */
  public ReplicaCountTransformer(String name, long count, List<FieldSpec> specs) {
    this.name = name;
    this.count = count;
    this.specs = specs;
  }

  @Override
  public void transform(ResourceMap m) {
    boolean found = false;
    for (FieldSpec fs : specs) {
      List<Resource> hits =
          m.filter(
              r ->
                  r.allIds().stream()
                      .anyMatch(id -> id.name().equals(name) && id.gvk().isSelected(fs.gvk())));
      if (!hits.isEmpty()) {
        found = true;
      }
      for (Resource r : hits) {
        FieldWalker.apply(
            r.obj(),
            fs.path(),
            fs.create(),
            FieldWalker.Create.SCALAR,
            n -> LongNode.valueOf(count));
      }
    }
    if (!found) {
      List<String> gvks = new ArrayList<>();
      specs.forEach(fs -> gvks.add(fs.gvk().toString()));
      throw new KustomizeException(
          "resource with name " + name + " does not match a config with the following GVK " + gvks);
    }
  }
}
