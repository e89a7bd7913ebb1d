package io.capstan.cli.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.helm.v2.HelmChartTemplateSpec;
import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.helm.action.ActionConfig;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.InstallRequest;
import io.capstan.helm.action.ReleaseTemplate;
import io.capstan.helm.controller.ReleaseNames;
import io.capstan.helm.controller.ReleaseRequests;
import io.capstan.helm.controller.chart.ChartSource;
import io.capstan.helm.controller.postrender.PostRenderers;
import io.capstan.helm.controller.values.ChartValues;
import io.capstan.helm.controller.values.ClusterValuesSource;
import io.capstan.helm.controller.values.ValuesReferenceException;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartLoader;
import io.capstan.helm.engine.GoYaml;
import io.capstan.helm.engine.HelmException;
import io.capstan.helm.engine.Lookup;
import io.capstan.helm.release.Release;
import io.capstan.runtime.artifact.ArtifactFetcher;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.source.helm.ChartRepositoryClient;
import io.capstan.source.helm.ChartRepositoryException;
import io.capstan.source.helm.ChartRepositoryIndex;
import io.capstan.source.helm.ChartVersion;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Renders a HelmRelease locally the way helm-controller would: the HelmRelease from a file or the
 * cluster; the chart from a directory, a Helm repository or the source's artifact (digest
 * verified); values composed by helm-controller's {@link ChartValues} ({@code valuesFrom} from the
 * cluster, then {@code spec.values}) with {@code --values} files merged last; the controller's
 * install/upgrade request and post-renderers ({@link ReleaseRequests}, {@link PostRenderers}),
 * rendered by helm-controller's {@link ReleaseTemplate}. The cluster is contacted only when
 * something needs it; when it is, the render sees its Kubernetes version, API versions and {@code
 * lookup}, and renders as an upgrade when the release exists.
 */
public final class HelmReleaseSource implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A failure to explain in one line (no stack trace). */
  public static final class RenderException extends Exception {
    RenderException(String message) {
      super(message);
    }

    RenderException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The outcome of a render.
   *
   * @param release the HelmRelease rendered
   * @param releaseName Helm's release name ({@code spec.releaseName} or Flux's default)
   * @param releaseNamespace where namespaced objects without a namespace go
   * @param template the manifest and hooks
   */
  public record Rendered(
      HelmRelease release, String releaseName, String releaseNamespace, ReleaseTemplate template) {}

  private final HelmReleaseFlags flags;
  private KubernetesClient client;

  /** A source reading with {@code flags}. */
  public HelmReleaseSource(HelmReleaseFlags flags) {
    this.flags = flags;
  }

  /** The cluster client, created on first use. */
  public KubernetesClient client() {
    if (client == null) {
      Config config =
          flags.kubeconfig != null
              ? Config.fromKubeconfig(flags.kubeconfig.toFile())
              : Config.autoConfigure(null);
      client =
          new KubernetesClientBuilder()
              .withConfig(config)
              .withKubernetesSerialization(TolerantSerialization.create())
              .build();
    }
    return client;
  }

  /** Whether the cluster was contacted. */
  public boolean usedCluster() {
    return client != null;
  }

  /** Renders the HelmRelease. */
  public Rendered render() throws RenderException, InterruptedException {
    HelmRelease hr = release();
    if (hr.getSpec() == null) {
      throw new RenderException("HelmRelease has no spec");
    }
    Chart chart = chart(hr);
    Map<String, Object> values = values(hr);
    InstallRequest request = ReleaseRequests.install(hr, chart, values, PostRenderers.build(hr));
    ActionConfig config;
    int revision = 1;
    boolean upgrade = false;
    if (usedCluster()) {
      config =
          ActionConfig.forCluster(client, ReleaseNames.storageNamespace(hr), "helm-controller");
      Optional<Release> last = config.storage().last(request.options().releaseName());
      if (last.isPresent()) {
        revision = last.get().version() + 1;
        upgrade = true;
      }
    } else {
      config = new ActionConfig(null, null, "helm-controller", Lookup.offline(), null, Set.of());
    }
    try {
      return new Rendered(
          hr,
          request.options().releaseName(),
          request.options().namespace(),
          ReleaseTemplate.render(config, request, revision, upgrade));
    } catch (ActionException e) {
      throw new RenderException(e.getMessage(), e);
    }
  }

  /** The HelmRelease from {@code --file} or the cluster. */
  HelmRelease release() throws RenderException {
    String id = flags.namespace + "/" + flags.name;
    if (flags.file == null) {
      HelmRelease hr;
      try {
        hr =
            client()
                .resources(HelmRelease.class)
                .inNamespace(flags.namespace)
                .withName(flags.name)
                .get();
      } catch (RuntimeException e) {
        throw new RenderException("could not read HelmRelease '" + id + "': " + e.getMessage(), e);
      }
      if (hr == null) {
        throw new RenderException("HelmRelease '" + id + "' not found");
      }
      return hr;
    }
    List<Object> docs;
    try {
      docs = GoYaml.parseAll(Files.readString(flags.file));
    } catch (IOException e) {
      throw new RenderException("could not read " + flags.file + ": " + e.getMessage(), e);
    } catch (GoYaml.YamlException e) {
      throw new RenderException(flags.file + ": " + e.getMessage(), e);
    }
    for (Object doc : docs) {
      if (!(doc instanceof Map<?, ?> m) || !"HelmRelease".equals(m.get("kind"))) {
        continue;
      }
      Object meta = m.get("metadata");
      if (!(meta instanceof Map<?, ?> md) || !flags.name.equals(md.get("name"))) {
        continue;
      }
      Object ns = md.get("namespace");
      if (ns != null && !ns.toString().isEmpty() && !flags.namespace.equals(ns.toString())) {
        continue;
      }
      ObjectNode node = JSON.valueToTree(doc);
      ((ObjectNode) node.get("metadata")).put("namespace", flags.namespace);
      try {
        return JSON.treeToValue(node, HelmRelease.class);
      } catch (IOException | IllegalArgumentException e) {
        throw new RenderException(
            "invalid HelmRelease in " + flags.file + ": " + e.getMessage(), e);
      }
    }
    throw new RenderException("no HelmRelease '" + id + "' in " + flags.file);
  }

  /** The chart from {@code --chart-dir}, {@code --chart-repo} or the source's artifact. */
  Chart chart(HelmRelease hr) throws RenderException, InterruptedException {
    if (flags.chartDir != null) {
      try {
        return ChartLoader.load(flags.chartDir);
      } catch (HelmException e) {
        throw new RenderException("could not load chart " + flags.chartDir + ": " + e.getMessage());
      }
    }
    if (flags.chartRepo != null) {
      return repositoryChart(hr, flags.chartRepo);
    }
    ChartSource source =
        new ChartSource(client(), ArtifactFetcher.builder().build(), false, Duration.ofSeconds(5));
    try {
      ChartSource.Artifact a = source.artifact(hr);
      ChartSource.Artifact fetched =
          new ChartSource.Artifact(
              a.kind(),
              a.namespace(),
              a.name(),
              rewrite(a.url()),
              a.digest(),
              a.revision(),
              a.size());
      return source.load(fetched).chart();
    } catch (ReconcileError e) {
      throw new RenderException(
          e.getMessage() + " (use --chart-dir or --chart-repo to render without it)", e);
    }
  }

  private String rewrite(String url) throws RenderException {
    String rule = flags.artifactUrlRewrite;
    if (rule == null || rule.isEmpty()) {
      return url;
    }
    int eq = rule.indexOf('=');
    if (eq <= 0) {
      throw new RenderException("--artifact-url-rewrite must be PREFIX=REPLACEMENT: " + rule);
    }
    String prefix = rule.substring(0, eq);
    return url.startsWith(prefix) ? rule.substring(eq + 1) + url.substring(prefix.length()) : url;
  }

  private static Chart repositoryChart(HelmRelease hr, String url)
      throws RenderException, InterruptedException {
    HelmChartTemplateSpec spec =
        hr.getSpec().getChart() == null ? null : hr.getSpec().getChart().getSpec();
    if (spec == null || spec.getChart() == null || spec.getChart().isEmpty()) {
      throw new RenderException("--chart-repo needs a HelmRelease with spec.chart.spec.chart");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("capstan-chart-");
      ChartRepositoryClient repository =
          ChartRepositoryClient.builder(url).timeout(Duration.ofSeconds(60)).build();
      ChartRepositoryIndex index = repository.fetchAndParseIndex(dir.resolve("index.yaml"));
      ChartVersion version = index.select(spec.getChart(), spec.getVersion());
      Path archive = dir.resolve("chart.tgz");
      repository.downloadChart(version, archive);
      return ChartLoader.load(archive);
    } catch (ChartRepositoryException | HelmException e) {
      throw new RenderException(
          "chart '" + spec.getChart() + "' from " + url + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RenderException("could not fetch the chart: " + e.getMessage(), e);
    } finally {
      deleteTree(dir);
    }
  }

  /** helm-controller's values, then the {@code --values} files in order. */
  Map<String, Object> values(HelmRelease hr) throws RenderException {
    String namespace = hr.getMetadata().getNamespace();
    Map<String, Object> values;
    try {
      values =
          ChartValues.compose(
              namespace,
              hr.getSpec().getValuesFrom(),
              hr.getSpec().getValues(),
              (kind, name) -> new ClusterValuesSource(client(), namespace).read(kind, name));
    } catch (ValuesReferenceException e) {
      throw new RenderException(e.getMessage(), e);
    }
    for (Path file : flags.valuesFiles) {
      try {
        values = ChartValues.merge(values, GoYaml.parseMap(Files.readString(file)));
      } catch (IOException e) {
        throw new RenderException("could not read " + file + ": " + e.getMessage(), e);
      } catch (GoYaml.YamlException e) {
        throw new RenderException(file + ": " + e.getMessage(), e);
      }
    }
    return values;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
