package io.capstan.api.source.v1;

/** What an {@link OCIRepository} does with the selected layer. */
public enum OCILayerOperation {
  /** Decompress and untar the layer into storage (the default). */
  extract,
  /** Store the compressed layer as it is. */
  copy
}
