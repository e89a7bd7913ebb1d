package io.capstan.kustomize.controller.source;

import io.capstan.api.kustomize.v1.CrossNamespaceSourceReference;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Artifact;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What links a Kustomization to the source it builds from, for the watch that reconciles it as soon
 * as the source publishes a new artifact: the index key of a {@code spec.sourceRef}, the source
 * kinds worth watching and Flux's revision-change rule.
 */
public final class SourceRevisionWatch {

  /** The source kinds a Kustomization may refer to, all in {@code source.toolkit.fluxcd.io}. */
  public static final List<String> SOURCE_KINDS =
      List.of("GitRepository", "OCIRepository", "Bucket", "ExternalArtifact");

  /** The API version the sources are watched at. */
  public static final String SOURCE_API_VERSION = SourceArtifact.SOURCE_GROUP + "/v1";

  private SourceRevisionWatch() {}

  /**
   * The index key of the source {@code kustomization} refers to: {@code <kind>/<namespace>/<name>},
   * the namespace defaulting to the Kustomization's; empty when the reference names no kind or
   * name.
   */
  public static List<String> keys(Kustomization kustomization) {
    CrossNamespaceSourceReference ref =
        kustomization.getSpec() == null ? null : kustomization.getSpec().getSourceRef();
    if (ref == null || ref.getKind() == null || ref.getName() == null) {
      return List.of();
    }
    String namespace =
        ref.getNamespace() == null || ref.getNamespace().isEmpty()
            ? kustomization.getMetadata().getNamespace()
            : ref.getNamespace();
    return List.of(key(ref.getKind().name(), namespace, ref.getName()));
  }

  /** The index key of a source object. */
  public static String key(GenericKubernetesResource source) {
    return key(
        source.getKind(), source.getMetadata().getNamespace(), source.getMetadata().getName());
  }

  public static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }

  /** The kinds of {@link #SOURCE_KINDS} that {@code served} says the API server serves. */
  public static List<String> watchedKinds(Predicate<String> served) {
    return SOURCE_KINDS.stream().filter(served).toList();
  }

  /**
   * Flux's rule for a source update that should reconcile its Kustomizations: an artifact appears,
   * or the artifact's revision changes. A removed artifact or any other change does not count.
   */
  public static boolean revisionChanged(
      GenericKubernetesResource before, GenericKubernetesResource after) {
    Optional<Artifact> old = SourceArtifact.artifactOf(before);
    Optional<Artifact> now = SourceArtifact.artifactOf(after);
    if (now.isEmpty()) {
      return false;
    }
    return old.isEmpty() || !Objects.equals(old.get().getRevision(), now.get().getRevision());
  }
}
