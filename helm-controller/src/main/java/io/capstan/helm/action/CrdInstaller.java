package io.capstan.helm.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartFile;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ServerSideApplier;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart's {@code crds/} per Flux's CRD policies: {@code Skip} nothing, {@code Create} the CRDs
 * that do not exist yet (existing ones untouched, as Helm's install), {@code CreateReplace} also
 * replaces existing ones (a full update, as Helm's replace; never deleted). Applied CRDs are
 * awaited until Established and discovery is refreshed, so the release's custom resources resolve.
 */
final class CrdInstaller {
  private final ActionConfig config;
  private final ServerSideApplier applier;
  private final ClusterObjects objects;

  CrdInstaller(ActionConfig config, ServerSideApplier applier, ClusterObjects objects) {
    this.config = config;
    this.applier = applier;
    this.objects = objects;
  }

  void install(Chart chart, CrdPolicy policy) throws ActionException {
    if (policy == CrdPolicy.SKIP) {
      return;
    }
    List<ChartFile> files = crdFiles(chart);
    if (files.isEmpty()) {
      return;
    }
    List<JsonNode> toApply = new ArrayList<>();
    boolean replaced = false;
    for (ChartFile f : files) {
      List<ObjectNode> docs;
      try {
        docs = ManifestObjects.parse(f.text());
      } catch (ActionException e) {
        throw new ActionException("failed to install CRD " + f.name() + ": " + e.getMessage(), e);
      }
      if (docs.isEmpty()) {
        throw new ActionException("failed to install CRD " + f.name() + ": resources are empty");
      }
      for (ObjectNode o : docs) {
        JsonNode live = objects.get(ManifestObjects.ref(o));
        if (live == null) {
          toApply.add(o);
        } else if (policy == CrdPolicy.CREATE_REPLACE) {
          try {
            objects.replace(o, live);
          } catch (ActionException e) {
            throw new ActionException("failed to replace CRD: " + e.getMessage(), e);
          }
          replaced = true;
        }
      }
    }
    if (toApply.isEmpty()) {
      if (replaced) {
        objects.resources().refresh();
      }
      return;
    }
    try {
      applier.applyJson(
          toApply,
          ApplyOptions.builder(config.fieldManager())
              .annotationGroup(ManifestApplier.ANNOTATION_GROUP)
              .build());
    } catch (RuntimeException e) {
      throw new ActionException("failed to install CRDs: " + e.getMessage(), e);
    }
    objects.resources().refresh();
  }

  /**
   * Helm's {@code --create-namespace}: a Namespace labelled {@code name}, AlreadyExists is fine.
   */
  void createNamespace(String namespace) throws ActionException {
    try {
      if (config.client().namespaces().withName(namespace).get() != null) {
        return;
      }
      config
          .client()
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(namespace)
                  .withLabels(Map.of("name", namespace))
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw new ActionException(
            "failed to create namespace " + namespace + ": " + ClusterObjects.message(e), e);
      }
    }
  }

  /** {@code crds/} files of the chart and its subcharts (Helm's {@code CRDObjects}). */
  private static List<ChartFile> crdFiles(Chart chart) {
    List<ChartFile> out = new ArrayList<>();
    for (ChartFile f : chart.files()) {
      String n = f.name();
      if (n.startsWith("crds/")
          && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))) {
        out.add(new ChartFile(chart.name() + "/" + n, f.data()));
      }
    }
    for (Chart d : chart.dependencies()) {
      out.addAll(crdFiles(d));
    }
    return out;
  }
}
