package io.capstan.kustomize.engine.transform;

import io.capstan.kustomize.engine.resource.ResourceMap;

/** A step that changes the resources of a build in place. */
@FunctionalInterface
public interface Transformer {
  /** Transforms {@code m} in place. */
  void transform(ResourceMap m);
}
