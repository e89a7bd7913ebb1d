package io.capstan.source.controller;

import io.capstan.api.source.v1.HelmChart;
import io.capstan.runtime.controller.ReconcileInputs;
import java.util.Optional;

/**
 * What a HelmChart's reconcile depends on besides its generation and {@code requestedAt}, for
 * toolkit-runtime's {@code FluxReconcilerBuilder.skipUnchanged}: the state of its source (absent,
 * without artifact, or its artifact's revision, digest, URL and path) as {@link
 * HelmChartController}'s source watch caches hold it. That watch (a new artifact revision of a
 * GitRepository, Bucket or HelmRepository) is the only other event that reconciles a HelmChart, as
 * in Flux; the values files come from that artifact, and what else a reconcile reads without a
 * generation change (Secrets of a repository or verification, an OCI registry) is read again at the
 * interval, when the memo's requeue is due.
 */
public final class HelmChartInputs implements ReconcileInputs<HelmChart> {

  /** The inputs of one reconcile: the source's kind, name and state. */
  record Inputs(String sourceKey, String source) {}

  private final SourceArtifacts sources = new SourceArtifacts();

  /** The source caches {@link HelmChartController} fills when its watches are prepared. */
  SourceArtifacts sources() {
    return sources;
  }

  @Override
  public Optional<?> of(HelmChart chart) {
    if (chart.getSpec() == null || chart.getSpec().getSourceRef() == null) {
      return Optional.empty();
    }
    var ref = chart.getSpec().getSourceRef();
    return sources
        .state(String.valueOf(ref.getKind()), chart.getMetadata().getNamespace(), ref.getName())
        .map(state -> new Inputs(HelmChartController.sourceKey(chart), state));
  }
}
