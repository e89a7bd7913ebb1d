package io.capstan.kustomize.controller;

import io.capstan.api.kustomize.v1.CrossNamespaceSourceReference;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.runtime.conditions.Reasons;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;

/**
 * The artifact a Kustomization's {@code spec.sourceRef} points at, read from the source object's
 * {@code status.artifact} as unstructured data (no dependency on source-controller's classes).
 *
 * @param url where the tarball is served
 * @param revision e.g. {@code main@sha1:...}
 * @param digest {@code <algorithm>:<hex>}
 * @param size the tarball size in bytes, or null when not published
 * @param originRevision the revision the artifact was built from, from its metadata annotation
 *     {@code org.opencontainers.image.revision} (set for OCI artifacts), or null
 */
public record SourceArtifact(
    String url, String revision, String digest, Long size, String originRevision) {

  /** The API group of all source kinds. */
  public static final String SOURCE_GROUP = "source.toolkit.fluxcd.io";

  /** The artifact metadata key Flux reads {@code lastAppliedOriginRevision} from. */
  public static final String ORIGIN_REVISION_KEY = "org.opencontainers.image.revision";

  /** The reason of a reference blocked by {@code --no-cross-namespace-refs} (Flux's acl). */
  public static final String ACCESS_DENIED = "AccessDenied";

  /** The source kind third-party producers write, consumed behind Flux's feature gate. */
  public static final String EXTERNAL_ARTIFACT = "ExternalArtifact";

  /**
   * Refuses a {@code sourceRef} to an {@code ExternalArtifact} unless Flux's {@code
   * ExternalArtifact} feature gate is on, with Flux's reason and message.
   *
   * @throws ReconcileError.Stalling with reason {@code AccessDenied} (enabling the gate needs a
   *     controller restart, so retrying earlier cannot help)
   */
  public static void checkFeatureGate(Kustomization kustomization, boolean externalArtifact) {
    CrossNamespaceSourceReference ref = kustomization.getSpec().getSourceRef();
    if (externalArtifact || ref == null || ref.getKind() == null) {
      return;
    }
    if (EXTERNAL_ARTIFACT.equals(ref.getKind().name())) {
      String namespace =
          ref.getNamespace() == null || ref.getNamespace().isEmpty()
              ? kustomization.getMetadata().getNamespace()
              : ref.getNamespace();
      throw new ReconcileError.Stalling(
          ACCESS_DENIED,
          "can't access '"
              + EXTERNAL_ARTIFACT
              + "/"
              + namespace
              + "/"
              + ref.getName()
              + "', ExternalArtifact feature gate is disabled");
    }
  }

  /**
   * Reads the artifact of {@code kustomization}'s source.
   *
   * @throws ReconcileError.Waiting with reason {@code ArtifactFailed} when the source does not
   *     exist or has no artifact yet (retried after {@code retryAfter}, as Flux does)
   */
  public static SourceArtifact resolve(
      KubernetesClient client, Kustomization kustomization, Duration retryAfter) {
    return resolve(client, kustomization, retryAfter, retryAfter, false);
  }

  /**
   * As {@link #resolve(KubernetesClient, Kustomization, Duration)}; with {@code
   * noCrossNamespaceRefs} a source in another namespace is refused before it is read; a source
   * without an artifact is retried after {@code requeueDependency} (Flux's {@code
   * --requeue-dependency}), a missing source after {@code retryAfter}.
   *
   * @throws ReconcileError.Stalling with reason {@code AccessDenied} for a blocked cross-namespace
   *     reference, as Flux's {@code --no-cross-namespace-refs}
   */
  public static SourceArtifact resolve(
      KubernetesClient client,
      Kustomization kustomization,
      Duration retryAfter,
      Duration requeueDependency,
      boolean noCrossNamespaceRefs) {
    CrossNamespaceSourceReference ref = kustomization.getSpec().getSourceRef();
    if (ref == null || ref.getKind() == null || ref.getName() == null) {
      throw new ReconcileError.Stalling(
          Reasons.INVALID_SPEC, "spec.sourceRef must name a kind and a name");
    }
    String namespace =
        ref.getNamespace() == null || ref.getNamespace().isEmpty()
            ? kustomization.getMetadata().getNamespace()
            : ref.getNamespace();
    String apiVersion =
        ref.getApiVersion() == null || ref.getApiVersion().isEmpty()
            ? SOURCE_GROUP + "/v1"
            : ref.getApiVersion();
    String kind = ref.getKind().name();
    String display = kind + "/" + namespace + "/" + ref.getName();
    if (noCrossNamespaceRefs && !namespace.equals(kustomization.getMetadata().getNamespace())) {
      throw new ReconcileError.Stalling(
          ACCESS_DENIED,
          "can't access '" + display + "', cross-namespace references have been blocked");
    }
    GenericKubernetesResource source;
    try {
      source =
          client
              .genericKubernetesResources(apiVersion, kind)
              .inNamespace(namespace)
              .withName(ref.getName())
              .get();
    } catch (RuntimeException e) {
      // A transient API error: Flux returns it to controller-runtime, which retries with
      // exponential backoff rather than at the retry interval.
      throw new ReconcileError.Generic(
              Reasons.ARTIFACT_FAILED,
              "unable to get source '" + display + "': " + e.getMessage(),
              e)
          .withoutEvent();
    }
    if (source == null) {
      throw new ReconcileError.Waiting(
          Reasons.ARTIFACT_FAILED, "Source '" + display + "' not found", retryAfter);
    }
    Object status = source.getAdditionalProperties().get("status");
    Object artifact = status instanceof Map<?, ?> s ? s.get("artifact") : null;
    if (!(artifact instanceof Map<?, ?> a) || text(a, "url") == null) {
      throw new ReconcileError.Waiting(
          Reasons.ARTIFACT_FAILED,
          "Source artifact not found, retrying in " + GoDuration.format(requeueDependency),
          requeueDependency);
    }
    Object size = a.get("size");
    Object metadata = a.get("metadata");
    return new SourceArtifact(
        text(a, "url"),
        text(a, "revision"),
        text(a, "digest"),
        size instanceof Number n ? n.longValue() : null,
        metadata instanceof Map<?, ?> m ? text(m, ORIGIN_REVISION_KEY) : null);
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }
}
