package io.capstan.kustomize.controller.source;

import io.capstan.api.kustomize.v1.CrossNamespaceSourceReference;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.Reasons;
import io.capstan.runtime.artifact.ArtifactFetchException;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The artifact a Kustomization's {@code spec.sourceRef} points at: the source object is read
 * unstructured (no dependency on source-controller's classes) and its {@code status.artifact} as
 * toolkit-api's typed {@link Artifact}.
 *
 * @param source the source as Flux names it in messages, {@code Kind/namespace/name}
 * @param artifact the source's {@code status.artifact} (has a URL)
 */
public record SourceArtifact(String source, Artifact artifact) {

  /** The API group of all source kinds. */
  public static final String SOURCE_GROUP = "source.toolkit.fluxcd.io";

  /** The artifact metadata key Flux reads {@code lastAppliedOriginRevision} from. */
  public static final String ORIGIN_REVISION_KEY = "org.opencontainers.image.revision";

  private static final KubernetesSerialization JSON = TolerantSerialization.create();

  /** Checks both parts. */
  public SourceArtifact {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(artifact, "artifact");
  }

  /** E.g. {@code main@sha1:...}. */
  public String revision() {
    return artifact.getRevision();
  }

  /**
   * The revision the artifact was built from, from its metadata annotation {@code
   * org.opencontainers.image.revision} (set for OCI artifacts), or null.
   */
  public String originRevision() {
    Map<String, String> metadata = artifact.getMetadata();
    return metadata == null ? null : metadata.get(ORIGIN_REVISION_KEY);
  }

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
          Reasons.ACCESS_DENIED,
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
   * Reads the artifact of {@code kustomization}'s source. With {@code noCrossNamespaceRefs} a
   * source in another namespace is refused before it is read.
   *
   * @throws ReconcileError.Stalling {@code InvalidSpec} for a reference without kind or name,
   *     {@code AccessDenied} for a blocked cross-namespace reference (Flux's {@code
   *     --no-cross-namespace-refs})
   * @throws ReconcileError.Waiting {@code ArtifactFailed} when the source does not exist (retried
   *     after the retry interval) or has no artifact yet (retried after {@code requeueDependency},
   *     Flux's {@code --requeue-dependency})
   * @throws ReconcileError.Generic {@code ArtifactFailed} for an API error (backoff, no event)
   */
  public static SourceArtifact resolve(
      KubernetesClient client,
      Kustomization kustomization,
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
          Reasons.ACCESS_DENIED,
          "can't access '" + display + "', cross-namespace references have been blocked");
    }
    GenericKubernetesResource source = read(client, apiVersion, kind, namespace, ref.getName());
    if (source == null) {
      // Flux: Ready gets the API server's NotFound error ("Source '<ref>' not found" is only
      // logged), no event, retried after spec.retryInterval.
      throw new ReconcileError.Waiting(
              Reasons.ARTIFACT_FAILED,
              resourceName(kind) + "." + SOURCE_GROUP + " \"" + ref.getName() + "\" not found")
          .withoutEvent();
    }
    Optional<Artifact> artifact = artifactOf(source).filter(a -> a.getUrl() != null);
    if (artifact.isEmpty()) {
      throw new ReconcileError.Waiting(
              Reasons.ARTIFACT_FAILED,
              "Source artifact not found, retrying in " + GoDuration.format(requeueDependency),
              requeueDependency)
          .withoutEvent();
    }
    return new SourceArtifact(display, artifact.get());
  }

  /** The API resource name of a source kind: {@code gitrepositories}, {@code buckets}. */
  static String resourceName(String kind) {
    String lower = kind.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }

  private static GenericKubernetesResource read(
      KubernetesClient client, String apiVersion, String kind, String namespace, String name) {
    try {
      return client
          .genericKubernetesResources(apiVersion, kind)
          .inNamespace(namespace)
          .withName(name)
          .get();
    } catch (RuntimeException e) {
      // A transient API error: Flux returns it to controller-runtime, which retries with
      // exponential backoff rather than at the retry interval.
      throw new ReconcileError.Generic(
              Reasons.ARTIFACT_FAILED,
              "unable to get source '"
                  + kind
                  + "/"
                  + namespace
                  + "/"
                  + name
                  + "': "
                  + e.getMessage(),
              e)
          .withoutEvent();
    }
  }

  /** The {@code status.artifact} of an unstructured source object, typed; empty when absent. */
  public static Optional<Artifact> artifactOf(GenericKubernetesResource source) {
    if (source == null) {
      return Optional.empty();
    }
    Object status = source.getAdditionalProperties().get("status");
    Object artifact = status instanceof Map<?, ?> s ? s.get("artifact") : null;
    return artifact instanceof Map<?, ?> a
        ? Optional.of(JSON.convertValue(a, Artifact.class))
        : Optional.empty();
  }

  /**
   * Downloads the artifact, verifies its digest and extracts it; the caller closes the result.
   *
   * @throws ReconcileError.Waiting {@code ArtifactFailed} (Warning event) when the download or the
   *     verification fails, retried after the retry interval
   */
  public FetchedArtifact fetch(ArtifactFetcher fetcher) throws InterruptedException {
    try {
      return fetcher.fetch(artifact.getUrl(), artifact.getDigest(), artifact.getSize());
    } catch (ArtifactFetchException | RuntimeException e) {
      throw new ReconcileError.Waiting(
              Reasons.ARTIFACT_FAILED,
              "failed to fetch artifact of revision " + revision() + ": " + e.getMessage())
          .withEvent(EventType.WARNING);
    }
  }
}
