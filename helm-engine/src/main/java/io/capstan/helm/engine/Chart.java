package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded chart (Helm's {@code chart.Chart}): metadata, templates, values, schema, other files and
 * the subcharts vendored under {@code charts/}. Rendering works on a copy, so a Chart can be
 * rendered many times.
 */
public final class Chart {
  ChartMetadata metadata;
  List<ChartFile> templates = new ArrayList<>();
  Map<String, Object> values = new LinkedHashMap<>();
  byte[] schema;
  List<ChartFile> files = new ArrayList<>();
  List<Chart> dependencies = new ArrayList<>();
  Chart parent;

  Chart() {}

  /** Chart.yaml's name (the alias once dependencies are processed). */
  public String name() {
    return metadata == null ? "" : metadata.name;
  }

  /** The parsed Chart.yaml. */
  public ChartMetadata metadata() {
    return metadata;
  }

  /** The templates ({@code templates/...}). */
  public List<ChartFile> templates() {
    return templates;
  }

  /** The chart's default values (values.yaml). */
  public Map<String, Object> values() {
    return values;
  }

  /** The bytes of {@code values.schema.json}, or null when the chart has none. */
  public byte[] schema() {
    return schema;
  }

  /** The other files (what {@code .Files} sees, {@code crds/} included). */
  public List<ChartFile> files() {
    return files;
  }

  /** The subcharts. */
  public List<Chart> dependencies() {
    return dependencies;
  }

  boolean isRoot() {
    return parent == null;
  }

  /** Helm's ChartFullPath: {@code parent/charts/name}. */
  String fullPath() {
    if (parent == null) {
      return name();
    }
    return parent.fullPath() + "/charts/" + name();
  }

  boolean isLibrary() {
    return "library".equals(metadata.type);
  }

  void addDependency(Chart c) {
    c.parent = this;
    dependencies.add(c);
  }

  void setDependencies(List<Chart> deps) {
    dependencies = new ArrayList<>();
    for (Chart c : deps) {
      addDependency(c);
    }
  }

  /** A deep copy (values deep-copied; files shared). */
  Chart deepCopy() {
    Chart c = new Chart();
    c.metadata = metadata.copy();
    List<ChartMetadata.Dependency> deps = new ArrayList<>();
    for (ChartMetadata.Dependency d : metadata.dependencies) {
      deps.add(d == null ? null : d.copy());
    }
    c.metadata.dependencies = deps;
    c.templates = templates;
    c.values = Values.deepCopyMap(values);
    c.schema = schema;
    c.files = files;
    for (Chart d : dependencies) {
      c.addDependency(d.deepCopy());
    }
    return c;
  }

  /** A shallow copy with a copied metadata (Helm's alias handling). */
  Chart aliasCopy(String alias) {
    Chart c = new Chart();
    c.metadata = metadata.copy();
    if (alias != null && !alias.isEmpty()) {
      c.metadata.name = alias;
    }
    c.templates = templates;
    c.values = values;
    c.schema = schema;
    c.files = files;
    c.parent = parent;
    // shallow copies of the children, so two aliases of one chart do not share parents
    for (Chart d : dependencies) {
      Chart cpy = new Chart();
      cpy.metadata = d.metadata;
      cpy.templates = d.templates;
      cpy.values = d.values;
      cpy.schema = d.schema;
      cpy.files = d.files;
      cpy.dependencies = d.dependencies;
      c.addDependency(cpy);
    }
    return c;
  }

  /** CRD files of this chart and its subcharts (Helm's {@code CRDObjects}). */
  List<ChartFile> crdObjects() {
    List<ChartFile> out = new ArrayList<>();
    for (ChartFile f : files) {
      String n = f.name();
      if (n.startsWith("crds/")
          && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))) {
        out.add(new ChartFile(fullPath() + "/" + n, f.data()));
      }
    }
    for (Chart d : dependencies) {
      out.addAll(d.crdObjects());
    }
    return out;
  }
}
