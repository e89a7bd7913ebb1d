package io.capstan.kustomize.engine.transform;

import io.capstan.kustomize.engine.kustomization.ContentHash;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;

/** Appends the content hash to the names of generated resources that asked for one. */
public final class HashSuffixTransformer implements Transformer {
  @Override
  public void transform(ResourceMap m) {
    for (Resource r : m.resources()) {
      if (r.needsHash()) {
        String h = ContentHash.of(r);
        r.storePreviousId();
        r.setName(r.name() + "-" + h);
        r.setNeedsHash(false);
      }
    }
  }
}
