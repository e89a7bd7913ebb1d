package io.capstan.kustomize.controller.source;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Artifact;
import io.capstan.runtime.controller.ReconcileInputs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a Kustomization's reconcile depends on besides its generation and {@code requestedAt}, for
 * toolkit-runtime's {@code FluxReconcilerBuilder.skipUnchanged}: its source as the source watch's
 * cache has it — absent, present without an artifact, or the artifact's revision and digest — the
 * only other objects whose events reconcile a Kustomization ({@code KustomizationController}'s
 * source watch: creation, deletion, a new artifact revision).
 *
 * <p>Always reconciled (no inputs): a Kustomization with {@code dependsOn} (its dependency becoming
 * ready is an event with no state here), and one whose source kind is not watched through an
 * informer whose cache can be read here (a kind whose CRD appeared after start, followed by {@link
 * LateSourceKindWatch}).
 */
public final class KustomizationInputs implements ReconcileInputs<Kustomization> {

  /** The inputs of one reconcile: the source's state in the watch cache. */
  record Inputs(String source) {}

  private final Map<String, InformerEventSource<GenericKubernetesResource, Kustomization>>
      informers = new ConcurrentHashMap<>();

  /** Reads the sources of {@code kind} from {@code informer}'s cache. */
  public void follow(
      String kind, InformerEventSource<GenericKubernetesResource, Kustomization> informer) {
    informers.put(kind, informer);
  }

  @Override
  public Optional<?> of(Kustomization k) {
    if (k.getSpec() == null
        || (k.getSpec().getDependsOn() != null && !k.getSpec().getDependsOn().isEmpty())) {
      return Optional.empty();
    }
    List<String> keys = SourceRevisionWatch.keys(k);
    if (keys.isEmpty()) {
      return Optional.of(new Inputs(null));
    }
    String key = keys.get(0);
    int first = key.indexOf('/');
    int second = key.indexOf('/', first + 1);
    InformerEventSource<GenericKubernetesResource, Kustomization> informer =
        informers.get(key.substring(0, first));
    if (informer == null || second < 0) {
      return Optional.empty();
    }
    Optional<GenericKubernetesResource> source =
        informer.get(new ResourceID(key.substring(second + 1), key.substring(first + 1, second)));
    return Optional.of(new Inputs(source.map(KustomizationInputs::state).orElse("absent")));
  }

  private static String state(GenericKubernetesResource source) {
    Optional<Artifact> artifact = SourceArtifact.artifactOf(source);
    return artifact
        .map(a -> "artifact " + a.getRevision() + "@" + a.getDigest() + " " + a.getUrl())
        .orElse("no artifact");
  }
}
