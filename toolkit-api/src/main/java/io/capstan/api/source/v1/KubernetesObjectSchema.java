package io.capstan.api.source.v1;

/**
 * JSON merge patches applied to generated schemas (via {@link SchemaMergePatch}), for what the
 * generator cannot derive from the Java types.
 */
final class KubernetesObjectSchema {

  /**
   * Declares {@code apiVersion}, {@code kind} and {@code metadata} at the schema root, as Flux's
   * (controller-gen) CRDs do; fabric8 leaves them out of the root of the generated schema.
   */
  static final String ROOT_FIELDS =
      "{\"properties\":{"
          + "\"apiVersion\":{\"type\":\"string\",\"description\":\"APIVersion defines the"
          + " versioned schema of this representation of an object.\"},"
          + "\"kind\":{\"type\":\"string\",\"description\":\"Kind is a string value representing"
          + " the REST resource this object represents.\"},"
          + "\"metadata\":{\"type\":\"object\"}}}";

  /** Marks {@code observedGeneration} of a status as a 64-bit integer, as Flux's CRDs do. */
  static final String OBSERVED_GENERATION_INT64 =
      "{\"properties\":{\"observedGeneration\":{\"format\":\"int64\"}}}";

  private KubernetesObjectSchema() {}
}
