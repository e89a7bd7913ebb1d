package io.capstan.helm.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartFile;
import io.capstan.runtime.health.ObjectRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CustomResourceDefinitions of a chart's {@code crds/} directories (the chart's, then its
 * subcharts', as Helm's {@code CRDObjects}), which Flux adds to {@code status.inventory} after the
 * manifest's objects ({@code inventory.AddCRDs}): they are installed by Helm but not part of the
 * release manifest. CRDs are cluster-scoped, so their references carry no namespace.
 */
final class ChartCrdInventory {

  private static final YAMLMapper YAML = new YAMLMapper();

  private ChartCrdInventory() {}

  /**
   * The objects defined in {@code chart}'s {@code crds/} files, in file order.
   *
   * @throws IllegalArgumentException when a file is not YAML (names the file)
   */
  static List<ObjectRef> refs(Chart chart) {
    List<ObjectRef> out = new ArrayList<>();
    collect(chart, out);
    return out;
  }

  private static void collect(Chart chart, List<ObjectRef> out) {
    for (ChartFile f : chart.files()) {
      String n = f.name();
      if (!n.startsWith("crds/")
          || !(n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))) {
        continue;
      }
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(f.data())) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc == null || !doc.isObject()) {
            continue;
          }
          String apiVersion = doc.path("apiVersion").asText("");
          String kind = doc.path("kind").asText("");
          String name = doc.path("metadata").path("name").asText("");
          if (!apiVersion.isEmpty() && !kind.isEmpty() && !name.isEmpty()) {
            out.add(new ObjectRef(apiVersion, kind, "", name));
          }
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "failed to parse CRD " + chart.name() + "/" + n + ": " + e.getMessage(), e);
      }
    }
    for (Chart dependency : chart.dependencies()) {
      collect(dependency, out);
    }
  }
}
