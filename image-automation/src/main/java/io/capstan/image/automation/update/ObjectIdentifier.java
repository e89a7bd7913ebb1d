package io.capstan.image.automation.update;

import java.util.Comparator;
import java.util.Objects;

/**
 * The object (YAML document) a change was made in: Flux's {@code update.ObjectIdentifier}. Any part
 * is empty when the document does not have it (a {@code kustomization.yaml} has no name).
 *
 * @param apiVersion the document's {@code apiVersion}
 * @param kind the document's {@code kind}
 * @param namespace the document's {@code metadata.namespace}
 * @param name the document's {@code metadata.name}
 */
public record ObjectIdentifier(String apiVersion, String kind, String namespace, String name) {

  /**
   * The order of Flux's deterministic string forms: apiVersion, kind, namespace, name (see {@link
   * UpdateResult#objectChangesString}).
   */
  static final Comparator<ObjectIdentifier> STRING_ORDER =
      Comparator.comparing(ObjectIdentifier::apiVersion)
          .thenComparing(ObjectIdentifier::kind)
          .thenComparing(ObjectIdentifier::namespace)
          .thenComparing(ObjectIdentifier::name);

  /**
   * The order Go's {@code text/template} ranges a map keyed by this struct in: field by field in
   * declaration order of kyaml's {@code ResourceIdentifier} (apiVersion, kind, name, namespace).
   */
  public static final Comparator<ObjectIdentifier> RANGE_ORDER =
      Comparator.comparing(ObjectIdentifier::apiVersion)
          .thenComparing(ObjectIdentifier::kind)
          .thenComparing(ObjectIdentifier::name)
          .thenComparing(ObjectIdentifier::namespace);

  /** Null parts become empty strings. */
  public ObjectIdentifier {
    apiVersion = Objects.requireNonNullElse(apiVersion, "");
    kind = Objects.requireNonNullElse(kind, "");
    namespace = Objects.requireNonNullElse(namespace, "");
    name = Objects.requireNonNullElse(name, "");
  }

  /**
   * Go's {@code %v} of Flux's struct ({@code {{{apps/v1 Deployment} {name namespace}}}}), which is
   * what Flux's deterministic string forms print for an object.
   */
  public String goString() {
    return "{{{" + apiVersion + " " + kind + "} {" + name + " " + namespace + "}}}";
  }
}
