package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding entry point: renders a chart as {@code helm template} (Helm v4.3.2) does, in pure
 * Java.
 *
 * <pre>{@code
 * Chart chart = ChartLoader.load(Path.of("podinfo"));
 * Map<String, Object> values = new ValueOverrides().set("replicaCount=2").merge();
 * RenderedRelease r = HelmEngine.render(chart, values, RenderOptions.install("rel", "default"));
 * }</pre>
 */
public final class HelmEngine {
  private HelmEngine() {}

  /**
   * Renders {@code chart} with {@code userValues} (as built by {@link ValueOverrides}). The chart
   * is not modified.
   */
  public static RenderedRelease render(
      Chart chart, Map<String, Object> userValues, RenderOptions options) throws HelmException {
    String type = chart.metadata.type;
    if (!type.isEmpty() && !type.equals("application")) {
      throw new HelmException(type + " charts are not installable");
    }
    if (!chart.metadata.dependencies.isEmpty()) {
      Dependencies.checkDependencies(chart);
    }
    Chart c = chart.deepCopy();
    Map<String, Object> vals = userValues == null ? new LinkedHashMap<>() : userValues;
    Dependencies.process(c, vals);

    String kube =
        options.kubeVersion() == null
            ? Capabilities.DEFAULT_KUBE_VERSION
            : Capabilities.normalizeKubeVersion(options.kubeVersion());
    Capabilities caps = new Capabilities(kube, options.apiVersions());

    Map<String, Object> release = new LinkedHashMap<>();
    release.put("Name", options.releaseName());
    release.put("Namespace", options.namespace());
    release.put("IsUpgrade", options.isUpgrade());
    release.put("IsInstall", !options.isUpgrade());
    release.put("Revision", (long) options.revision());
    release.put("Service", "Helm");
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("Chart", c.metadata.templateMap(true));
    top.put("Capabilities", caps);
    top.put("Release", release);
    Map<String, Object> coalesced = Values.coalesceValues(c, vals);
    if (!options.skipSchemaValidation()) {
      String err = SchemaValidator.validate(c, coalesced);
      if (!err.isEmpty()) {
        throw new HelmException(
            "values don't meet the specifications of the schema(s) in the following chart(s):\n"
                + err);
      }
    }
    top.put("Values", coalesced);

    if (!c.metadata.kubeVersion.isEmpty()
        && !SemverRange.isCompatibleRange(c.metadata.kubeVersion, kube)) {
      throw new HelmException(
          "chart requires kubeVersion: "
              + c.metadata.kubeVersion
              + " which is incompatible with Kubernetes "
              + kube);
    }

    Map<String, String> files = Renderer.render(c, top, options.lookup());
    String notes = "";
    String notesName = c.name() + "/templates/NOTES.txt";
    Map<String, String> manifests = new LinkedHashMap<>();
    for (var e : files.entrySet()) {
      if (e.getKey().endsWith("NOTES.txt")) {
        if (e.getKey().equals(notesName)) {
          notes = e.getValue();
        }
        continue;
      }
      manifests.put(e.getKey(), e.getValue());
    }
    ManifestSorter.Result sorted = ManifestSorter.sort(manifests);
    List<ChartFile> crds = new ArrayList<>(c.crdObjects());
    return new RenderedRelease(sorted.manifests(), sorted.hooks(), notes, crds);
  }
}
