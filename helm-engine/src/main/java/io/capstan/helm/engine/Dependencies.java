package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helm's dependency processing ({@code chartutil/dependencies.go}): aliases, {@code condition} and
 * {@code tags} enabling subcharts, {@code import-values}, and the "is every dependency present"
 * check.
 */
final class Dependencies {
  private Dependencies() {}

  /** Helm's {@code action.CheckDependencies}. */
  static void checkDependencies(Chart ch) throws HelmException {
    List<String> missing = new ArrayList<>();
    for (ChartMetadata.Dependency r : ch.metadata.dependencies) {
      boolean found = false;
      for (Chart d : ch.dependencies) {
        if (d.name().equals(r.name)) {
          found = true;
          break;
        }
      }
      if (!found) {
        missing.add(r.name);
      }
    }
    if (!missing.isEmpty()) {
      throw new HelmException(
          "an error occurred while checking for chart dependencies. You may need to run `helm"
              + " dependency build` to fetch missing dependencies: found in Chart.yaml, but missing"
              + " in charts/ directory: "
              + String.join(", ", missing));
    }
  }

  /** {@code ProcessDependenciesWithMerge(c, v)}. */
  static void process(Chart c, Map<String, Object> v) throws HelmException {
    processDependencyEnabled(c, v, "");
    processDependencyImportValues(c);
  }

  private static void processDependencyEnabled(Chart c, Map<String, Object> v, String path)
      throws HelmException {
    if (!c.metadata.hasDependencies) {
      return;
    }
    List<Chart> chartDependencies = new ArrayList<>();
    outer:
    for (Chart existing : c.dependencies) {
      for (ChartMetadata.Dependency req : c.metadata.dependencies) {
        if (existing.name().equals(req.name)
            && SemverRange.isCompatibleRange(req.version, existing.metadata.version)) {
          continue outer;
        }
      }
      chartDependencies.add(existing);
    }
    for (ChartMetadata.Dependency req : c.metadata.dependencies) {
      Chart dep = aliasDependency(c.dependencies, req);
      if (dep != null) {
        chartDependencies.add(dep);
      }
      if (!req.alias.isEmpty()) {
        req.name = req.alias;
      }
    }
    c.setDependencies(chartDependencies);
    for (ChartMetadata.Dependency lr : c.metadata.dependencies) {
      lr.enabled = true;
    }
    Map<String, Object> cvals = Values.coalesceValues(c, v);
    processDependencyTags(c.metadata.dependencies, cvals);
    processDependencyConditions(c.metadata.dependencies, cvals, path);
    Set<String> rm = new HashSet<>();
    for (ChartMetadata.Dependency r : c.metadata.dependencies) {
      if (!r.enabled) {
        rm.add(r.name);
      }
    }
    List<Chart> cd = new ArrayList<>();
    for (Chart n : c.dependencies) {
      if (!rm.contains(n.metadata.name)) {
        cd.add(n);
      }
    }
    List<ChartMetadata.Dependency> cdMetadata = new ArrayList<>();
    for (ChartMetadata.Dependency n : c.metadata.dependencies) {
      if (!rm.contains(n.name)) {
        cdMetadata.add(n);
      }
    }
    for (Chart t : cd) {
      processDependencyEnabled(t, cvals, path + t.metadata.name + ".");
    }
    c.metadata.dependencies = cdMetadata;
    // Go: append(nil, empty...) is nil again
    c.metadata.hasDependencies = !cdMetadata.isEmpty();
    c.setDependencies(cd);
  }

  private static Chart aliasDependency(List<Chart> charts, ChartMetadata.Dependency dep) {
    for (Chart c : charts) {
      if (c == null || !c.name().equals(dep.name)) {
        continue;
      }
      if (!SemverRange.isCompatibleRange(dep.version, c.metadata.version)) {
        continue;
      }
      Chart out = c.aliasCopy(dep.alias);
      return out;
    }
    return null;
  }

  private static void processDependencyConditions(
      List<ChartMetadata.Dependency> reqs, Map<String, Object> cvals, String cpath) {
    for (ChartMetadata.Dependency r : reqs) {
      for (String cond : r.condition.strip().split(",")) {
        if (cond.isEmpty()) {
          continue;
        }
        Object vv = Values.pathValue(cvals, cpath + cond);
        if (vv != Values.NO_VALUE && vv instanceof Boolean b) {
          r.enabled = b;
          break;
        }
      }
    }
  }

  private static void processDependencyTags(
      List<ChartMetadata.Dependency> reqs, Map<String, Object> cvals) {
    Map<String, Object> vt = Values.table(cvals, "tags");
    if (vt == null) {
      return;
    }
    for (ChartMetadata.Dependency r : reqs) {
      boolean hasTrue = false;
      boolean hasFalse = false;
      for (String k : r.tags) {
        Object b = vt.get(k);
        if (b instanceof Boolean bv) {
          if (bv) {
            hasTrue = true;
          } else {
            hasFalse = true;
          }
        }
      }
      if (!hasTrue && hasFalse) {
        r.enabled = false;
      } else if (hasTrue || !hasFalse) {
        r.enabled = true;
      }
    }
  }

  private static void processDependencyImportValues(Chart c) throws HelmException {
    for (Chart d : c.dependencies) {
      processDependencyImportValues(d);
    }
    processImportValues(c);
  }

  @SuppressWarnings("unchecked")
  private static void processImportValues(Chart c) throws HelmException {
    if (!c.metadata.hasDependencies) {
      return;
    }
    Map<String, Object> cvals = Values.mergeValues(c, null);
    Map<String, Object> b = new LinkedHashMap<>();
    for (ChartMetadata.Dependency r : c.metadata.dependencies) {
      List<Object> outiv = new ArrayList<>();
      for (Object riv : r.importValues) {
        if (riv instanceof Map<?, ?> iv) {
          String child = String.valueOf(iv.get("child"));
          String parent = String.valueOf(iv.get("parent"));
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("child", child);
          o.put("parent", parent);
          outiv.add(o);
          Map<String, Object> vv = Values.table(cvals, r.name + "." + child);
          if (vv == null) {
            continue;
          }
          b = Values.mergeTables(b, Values.pathToMap(parent, Values.deepCopyMap(vv)));
        } else if (riv instanceof String iv) {
          String child = "exports." + iv;
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("child", child);
          o.put("parent", ".");
          outiv.add(o);
          Map<String, Object> vm = Values.table(cvals, r.name + "." + child);
          if (vm == null) {
            continue;
          }
          b = Values.mergeTables(b, Values.deepCopyMap(vm));
        }
      }
      r.importValues = outiv;
    }
    cvals = Values.deepCopyMap(cvals);
    c.values = Values.mergeTables(cvals, b);
  }
}
