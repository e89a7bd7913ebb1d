package io.capstan.api.schema;

/**
 * The schema patches every kind shares: facts Flux's CRDs declare that fabric8's generator cannot
 * derive from the Java types. Each is a JSON merge patch (written in YAML) applied with
 * {@code @SchemaCustomizer(value = SchemaMergePatch.class, input = ResourceSchema.X)}; they only
 * shape the generated CRD YAML, never serialization.
 */
public final class ResourceSchema {

  /**
   * Declares the standard {@code apiVersion}, {@code kind} and {@code metadata} root fields, which
   * fabric8 leaves out of the root of the generated schema; apply to every custom resource class.
   */
  public static final String TYPE_META =
      """
      properties:
        apiVersion:
          type: string
          description: >-
            APIVersion defines the versioned schema of this representation of an object.
            Servers should convert recognized schemas to the latest internal value, and may
            reject unrecognized values. More info:
            https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources
        kind:
          type: string
          description: >-
            Kind is a string value representing the REST resource this object represents.
            Servers may infer this from the endpoint the client submits requests to. Cannot be
            updated. In CamelCase. More info:
            https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds
        metadata:
          type: object
      """;

  /**
   * Marks a status's {@code observedGeneration} as a 64-bit integer, as Flux's CRDs do; apply to
   * every status class with that field.
   */
  public static final String STATUS_FORMATS =
      """
      properties:
        observedGeneration:
          format: int64
      """;

  private ResourceSchema() {}
}
