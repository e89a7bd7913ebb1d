package io.capstan.kustomize.engine.kustomization;

import io.capstan.kustomize.engine.patch.SchemaRegistry;

/** State shared by all targets of one build: build metadata options and custom schemas. */
final class BuildContext {
  final Origins origins;
  final SchemaRegistry openapi = new SchemaRegistry();

  BuildContext(Origins origins) {
    this.origins = origins;
  }
}
