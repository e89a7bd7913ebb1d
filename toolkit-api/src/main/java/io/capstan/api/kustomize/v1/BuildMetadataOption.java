package io.capstan.api.kustomize.v1;

/** Kustomize build metadata that can be added to the built resources. */
public enum BuildMetadataOption {
  /** Annotate each resource with the source file it came from. */
  originAnnotations,
  /** Annotate each resource with the transformers that produced it. */
  transformerAnnotations
}
