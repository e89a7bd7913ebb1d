package io.capstan.helm.controller.chart;

import io.capstan.api.helm.v2.ChartReference;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.HelmChart;
import io.capstan.helm.controller.HelmReleaseConditions;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartLoader;
import io.capstan.helm.engine.HelmException;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.artifact.FetchedArtifact;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a HelmRelease's chart comes from, as Flux's helm-controller finds it: {@code spec.chart} is
 * applied as a HelmChart ({@link ChartTemplate}) whose artifact is then used; {@code spec.chartRef}
 * names a HelmChart, OCIRepository or ExternalArtifact whose {@code status.artifact} is used
 * directly. The artifact is downloaded with its digest verified and loaded with helm-engine's
 * {@link ChartLoader}.
 */
public final class ChartSource {

  /** The field manager of the HelmCharts this controller creates. */
  public static final String FIELD_MANAGER = "helm-controller";

  static final String SOURCE_API_VERSION = "source.toolkit.fluxcd.io/v1";

  /** The artifact a source published. */
  public record Artifact(
      String kind,
      String namespace,
      String name,
      String url,
      String digest,
      String revision,
      Long size) {}

  /**
   * The outcome of {@link #reconcileTemplate}: the HelmChart's {@code <namespace>/<name>} (null for
   * {@code chartRef}) and, when the apply was skipped as unchanged, the live HelmChart just read.
   */
  public record Applied(String reference, GenericKubernetesResource live) {}

  /** A loaded chart and the artifact it came from. */
  public record LoadedChart(Chart chart, Artifact artifact) {}

  private final KubernetesClient client;
  private final ArtifactFetcher fetcher;
  private final boolean noCrossNamespaceRefs;
  private final Duration requeueDependency;

  /** A chart source reading and writing sources through {@code client}. */
  public ChartSource(
      KubernetesClient client,
      ArtifactFetcher fetcher,
      boolean noCrossNamespaceRefs,
      Duration requeueDependency) {
    this.client = Objects.requireNonNull(client, "client");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.noCrossNamespaceRefs = noCrossNamespaceRefs;
    this.requeueDependency = Objects.requireNonNull(requeueDependency, "requeueDependency");
  }

  /**
   * Creates or updates the HelmChart of {@code spec.chart} (server-side apply), deleting the one
   * recorded in {@code status.helmChart} when it has another name or namespace (or when the
   * HelmRelease switched to {@code chartRef}); returns {@code <namespace>/<name>} of the applied
   * chart (null when the HelmRelease uses {@code chartRef}). The apply is skipped when the live
   * HelmChart already matches the template ({@link ChartTemplateDiff}); the live object is then
   * returned too, for {@link #artifact(HelmRelease, GenericKubernetesResource)}.
   *
   * @throws ReconcileError.Stalling {@code AccessDenied} for a source in another namespace with
   *     {@code --no-cross-namespace-refs}, {@code InvalidSpec} for an unusable template
   */
  public Applied reconcileTemplate(HelmRelease hr) {
    String recorded = hr.getStatus() == null ? null : hr.getStatus().getHelmChart();
    if (hr.getSpec().getChart() == null) {
      if (recorded != null && !recorded.isEmpty()) {
        deleteChart(recorded);
      }
      return new Applied(null, null);
    }
    String namespace = ChartTemplate.namespace(hr);
    checkNamespace(hr, HelmChart.KIND, namespace, ChartTemplate.reference(hr));
    HelmChart chart;
    try {
      chart = ChartTemplate.build(hr);
    } catch (IllegalArgumentException e) {
      throw new ReconcileError.Stalling(Reasons.INVALID_SPEC, e.getMessage());
    }
    String reference = ChartTemplate.reference(hr);
    if (recorded != null && !recorded.isEmpty() && !recorded.equals(reference)) {
      deleteChart(recorded);
    }
    GenericKubernetesResource live;
    try {
      live =
          client
              .genericKubernetesResources(SOURCE_API_VERSION, HelmChart.KIND)
              .inNamespace(namespace)
              .withName(chart.getMetadata().getName())
              .get();
    } catch (KubernetesClientException e) {
      live = null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> desired =
        client.getKubernetesSerialization().convertValue(chart, Map.class);
    if (ChartTemplateDiff.upToDate(desired, live, FIELD_MANAGER)) {
      // Unchanged: no write (Flux patches the HelmChart only on change); the live object read
      // here is fresh, so the artifact step uses it instead of reading it again.
      return new Applied(reference, live);
    }
    try {
      client.resource(chart).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    } catch (KubernetesClientException e) {
      throw new ReconcileError.Generic(
          HelmReleaseConditions.ARTIFACT_FAILED,
          "failed to run server-side apply of HelmChart '" + reference + "': " + e.getMessage(),
          e);
    }
    return new Applied(reference, null);
  }

  /** Deletes the HelmChart {@code namespace/name} (gone already is fine). */
  public void deleteChart(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return;
    }
    client
        .resources(HelmChart.class)
        .inNamespace(reference.substring(0, slash))
        .withName(reference.substring(slash + 1))
        .delete();
  }

  /**
   * The artifact of the HelmRelease's source.
   *
   * @throws ReconcileError.Waiting {@code ArtifactFailed} while the source is missing or has no
   *     artifact (retried after {@code --requeue-dependency})
   */
  public Artifact artifact(HelmRelease hr) {
    return artifact(hr, null);
  }

  /**
   * As {@link #artifact(HelmRelease)}, taking the HelmChart of {@code spec.chart} from {@code
   * known} (read by this reconcile's {@link #reconcileTemplate}) when given, instead of a GET.
   */
  public Artifact artifact(HelmRelease hr, GenericKubernetesResource known) {
    String kind;
    String namespace;
    String name;
    ChartReference ref = hr.getSpec().getChartRef();
    if (hr.getSpec().getChart() != null) {
      kind = HelmChart.KIND;
      namespace = ChartTemplate.namespace(hr);
      name = io.capstan.helm.controller.ReleaseNames.helmChartName(hr);
    } else if (ref != null && ref.getKind() != null && ref.getName() != null) {
      kind = ref.getKind().name();
      namespace =
          ref.getNamespace() == null || ref.getNamespace().isEmpty()
              ? hr.getMetadata().getNamespace()
              : ref.getNamespace();
      name = ref.getName();
      checkNamespace(hr, kind, namespace, namespace + "/" + name);
    } else {
      throw new ReconcileError.Stalling(
          Reasons.INVALID_SPEC, "one of spec.chart or spec.chartRef must be set");
    }
    String display = kind + " '" + namespace + "/" + name + "'";
    GenericKubernetesResource source = HelmChart.KIND.equals(kind) ? known : null;
    try {
      if (source == null) {
        source =
            client
                .genericKubernetesResources(apiVersion(kind), kind)
                .inNamespace(namespace)
                .withName(name)
                .get();
      }
    } catch (KubernetesClientException e) {
      throw new ReconcileError.Waiting(
              HelmReleaseConditions.ARTIFACT_FAILED,
              "could not get Source object: " + e.getMessage(),
              requeueDependency)
          .withoutEvent();
    }
    if (source == null) {
      // Flux's text is the API server's NotFound error.
      throw new ReconcileError.Waiting(
              HelmReleaseConditions.ARTIFACT_FAILED,
              "could not get Source object: "
                  + resourceName(kind)
                  + ".source.toolkit.fluxcd.io \""
                  + name
                  + "\" not found",
              requeueDependency)
          .withoutEvent();
    }
    Map<?, ?> status =
        source.getAdditionalProperties().get("status") instanceof Map<?, ?> s ? s : Map.of();
    Map<?, ?> artifact = status.get("artifact") instanceof Map<?, ?> a ? a : null;
    String notReady = notReady(source, status, artifact);
    if (notReady != null) {
      // Flux's isSourceReady: SourceNotReady, retried after --requeue-dependency (the watch
      // brings the artifact sooner), logged but no event.
      throw new ReconcileError.Waiting(
              HelmReleaseConditions.SOURCE_NOT_READY,
              kind + " '" + namespace + "/" + name + "' is not ready: " + notReady,
              requeueDependency)
          .withoutEvent();
    }
    if (!(artifact.get("url") instanceof String url)) {
      throw new ReconcileError.Waiting(
          HelmReleaseConditions.ARTIFACT_FAILED,
          "Source not ready: " + display + " has no artifact URL",
          requeueDependency);
    }
    Long size = artifact.get("size") instanceof Number n ? n.longValue() : null;
    return new Artifact(
        kind,
        namespace,
        name,
        url,
        (String) artifact.get("digest"),
        (String) artifact.get("revision"),
        size);
  }

  /**
   * Downloads (digest verified) and loads the chart of {@code artifact}.
   *
   * @throws ReconcileError.Waiting {@code ArtifactFailed} when the download or the chart fails
   */
  public LoadedChart load(Artifact artifact) throws InterruptedException {
    try (FetchedArtifact fetched =
        fetcher.fetch(artifact.url(), artifact.digest(), artifact.size())) {
      return new LoadedChart(ChartLoader.load(chartRoot(fetched.root())), artifact);
    } catch (HelmException | IOException e) {
      throw new ReconcileError.Waiting(
              HelmReleaseConditions.ARTIFACT_FAILED,
              "Could not load chart: " + e.getMessage(),
              requeueDependency)
          .withEvent(io.capstan.runtime.events.EventType.WARNING);
    } catch (RuntimeException e) {
      throw new ReconcileError.Waiting(
              HelmReleaseConditions.ARTIFACT_FAILED,
              "Could not load chart: " + e.getMessage(),
              requeueDependency)
          .withEvent(io.capstan.runtime.events.EventType.WARNING);
    }
  }

  /**
   * Why the source is not ready, as Flux's {@code isReady}: its generation is not observed yet
   * ({@code Ready}'s message when False), it is {@code Stalled}, or it has no artifact; null when
   * ready.
   */
  static String notReady(GenericKubernetesResource source, Map<?, ?> status, Map<?, ?> artifact) {
    Long generation = source.getMetadata().getGeneration();
    Object observed = status.get("observedGeneration");
    Map<?, ?> ready = condition(status, "Ready");
    if (generation != null
        && !(observed instanceof Number n && n.longValue() == generation.longValue())) {
      return ready != null && "False".equals(ready.get("status"))
          ? String.valueOf(ready.get("message"))
          : "latest generation of object has not been reconciled";
    }
    Map<?, ?> stalled = condition(status, "Stalled");
    if (stalled != null && "True".equals(stalled.get("status"))) {
      return String.valueOf(stalled.get("message"));
    }
    return artifact == null ? "does not have an artifact" : null;
  }

  private static Map<?, ?> condition(Map<?, ?> status, String type) {
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
          return m;
        }
      }
    }
    return null;
  }

  /** The API resource name of a source kind: {@code helmcharts}, {@code ocirepositories}. */
  static String resourceName(String kind) {
    String lower = kind.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }

  /** The chart directory in an extracted chart archive: the one directory with a Chart.yaml. */
  static Path chartRoot(Path root) throws IOException {
    if (Files.exists(root.resolve("Chart.yaml"))) {
      return root;
    }
    try (Stream<Path> entries = Files.list(root)) {
      List<Path> charts =
          entries.filter(p -> Files.isRegularFile(p.resolve("Chart.yaml"))).toList();
      if (charts.size() != 1) {
        throw new IOException("artifact holds no chart (no single directory with a Chart.yaml)");
      }
      return charts.get(0);
    }
  }

  private void checkNamespace(HelmRelease hr, String kind, String namespace, String reference) {
    if (noCrossNamespaceRefs && !namespace.equals(hr.getMetadata().getNamespace())) {
      throw new ReconcileError.Stalling(
          Reasons.ACCESS_DENIED,
          "can't access '"
              + kind
              + "/"
              + reference
              + "', cross-namespace references have been"
              + " blocked");
    }
  }

  private static String apiVersion(String kind) {
    return "ExternalArtifact".equals(kind) ? "source.toolkit.fluxcd.io/v1" : SOURCE_API_VERSION;
  }

  /** The retry delay while a source is not ready. */
  public Duration requeueDependency() {
    return requeueDependency;
  }

  static String format(Duration d) {
    return GoDuration.format(d);
  }
}
