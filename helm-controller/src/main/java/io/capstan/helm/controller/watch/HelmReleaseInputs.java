package io.capstan.helm.controller.watch;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.runtime.controller.ReconcileInputs;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a HelmRelease's reconcile depends on besides its generation and {@code requestedAt}, for
 * toolkit-runtime's {@code FluxReconcilerBuilder.skipUnchanged}: the artifact of its chart source
 * as the watch cache has it (the only other kind whose events reconcile a HelmRelease, {@link
 * ChartSourceWatch}) and the {@code reconcile.fluxcd.io/forceAt} and {@code resetAt} annotations. A
 * HelmRelease with {@code dependsOn} always reconciles: its dependency becoming ready is an event
 * with no state here.
 */
public final class HelmReleaseInputs implements ReconcileInputs<HelmRelease> {

  static final String FORCE_AT = "reconcile.fluxcd.io/forceAt";
  static final String RESET_AT = "reconcile.fluxcd.io/resetAt";

  /** The inputs of one reconcile. */
  record Inputs(String sourceArtifact, String forceAt, String resetAt) {}

  private final Map<String, InformerEventSource<GenericKubernetesResource, HelmRelease>> informers =
      new ConcurrentHashMap<>();

  /** Reads the artifacts of chart sources of {@code kind} from {@code informer}'s cache. */
  public void follow(
      String kind, InformerEventSource<GenericKubernetesResource, HelmRelease> informer) {
    informers.put(kind, informer);
  }

  @Override
  public Optional<?> of(HelmRelease hr) {
    if (hr.getSpec() == null
        || (hr.getSpec().getDependsOn() != null && !hr.getSpec().getDependsOn().isEmpty())) {
      return Optional.empty();
    }
    String artifact = null;
    for (String source : ChartSourceWatch.keys(hr)) {
      int first = source.indexOf('/');
      int second = source.indexOf('/', first + 1);
      InformerEventSource<GenericKubernetesResource, HelmRelease> informer =
          informers.get(source.substring(0, first));
      if (informer != null && second > 0) {
        artifact =
            informer
                .get(
                    new ResourceID(
                        source.substring(second + 1), source.substring(first + 1, second)))
                .map(ChartSourceWatch::artifactKey)
                .orElse(null);
      }
    }
    Map<String, String> annotations = hr.getMetadata().getAnnotations();
    return Optional.of(
        new Inputs(
            artifact,
            annotations == null ? null : annotations.get(FORCE_AT),
            annotations == null ? null : annotations.get(RESET_AT)));
  }
}
