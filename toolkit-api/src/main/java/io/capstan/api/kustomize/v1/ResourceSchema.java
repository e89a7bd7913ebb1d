package io.capstan.api.kustomize.v1;

/**
 * Schema fragments that fabric8's CRD generator cannot derive from annotations but Flux's CRDs
 * declare. They are applied as JSON merge patches (written in YAML) with
 * {@code @SchemaCustomizer(value = SchemaMergePatch.class, input = ...)} and only affect the
 * generated CRD YAML, never serialization.
 */
public final class ResourceSchema {

  /** Declares the standard {@code apiVersion}, {@code kind} and {@code metadata} root fields. */
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
   * Formats of a status with {@code observedGeneration} and metav1-style {@code conditions}: the
   * timestamp is RFC 3339 and the generations are 64-bit.
   */
  public static final String STATUS_FORMATS =
      """
      properties:
        observedGeneration:
          format: int64
        conditions:
          items:
            properties:
              lastTransitionTime:
                format: date-time
              observedGeneration:
                format: int64
      """;

  private ResourceSchema() {}
}
