package io.capstan.helm.controller.watch;

import io.capstan.api.helm.v2.ChartReference;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.helm.controller.chart.ChartTemplate;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When a HelmRelease is reconciled because its chart source changed, as Flux's helm-controller
 * watches it: the HelmChart of {@code spec.chart}, or the HelmChart/OCIRepository/ExternalArtifact
 * of {@code spec.chartRef}, published an artifact with another revision or digest. HelmReleases are
 * indexed by the {@link #keys} of their source so a source's {@link #key} finds them.
 */
public final class ChartSourceWatch {

  /** The source kinds a HelmRelease may take its chart from. */
  public static final List<String> SOURCE_KINDS =
      List.of("HelmChart", "OCIRepository", "ExternalArtifact");

  private ChartSourceWatch() {}

  /** {@code <kind>/<namespace>/<name>} of {@code hr}'s chart source (none when invalid). */
  public static List<String> keys(HelmRelease hr) {
    if (hr.getSpec() == null) {
      return List.of();
    }
    if (hr.getSpec().getChart() != null) {
      return List.of("HelmChart/" + ChartTemplate.reference(hr));
    }
    ChartReference ref = hr.getSpec().getChartRef();
    if (ref == null || ref.getKind() == null || ref.getName() == null) {
      return List.of();
    }
    String namespace =
        ref.getNamespace() == null || ref.getNamespace().isEmpty()
            ? hr.getMetadata().getNamespace()
            : ref.getNamespace();
    return List.of(ref.getKind().name() + "/" + namespace + "/" + ref.getName());
  }

  /** The index key of {@code source}. */
  public static String key(GenericKubernetesResource source) {
    return source.getKind()
        + "/"
        + source.getMetadata().getNamespace()
        + "/"
        + source.getMetadata().getName();
  }

  /** True when {@code after} has an artifact whose revision or digest differs from before. */
  public static boolean artifactChanged(
      GenericKubernetesResource before, GenericKubernetesResource after) {
    Map<?, ?> now = artifact(after);
    if (now == null) {
      return false;
    }
    Map<?, ?> old = artifact(before);
    return old == null
        || !Objects.equals(old.get("revision"), now.get("revision"))
        || !Objects.equals(old.get("digest"), now.get("digest"));
  }

  /** {@code <revision>@<digest>} of {@code source}'s artifact, or null without one. */
  public static String artifactKey(GenericKubernetesResource source) {
    Map<?, ?> artifact = artifact(source);
    return artifact == null ? null : artifact.get("revision") + "@" + artifact.get("digest");
  }

  private static Map<?, ?> artifact(GenericKubernetesResource source) {
    if (source == null) {
      return null;
    }
    return source.getAdditionalProperties().get("status") instanceof Map<?, ?> status
            && status.get("artifact") instanceof Map<?, ?> artifact
        ? artifact
        : null;
  }
}
