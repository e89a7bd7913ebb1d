package io.capstan.helm.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.engine.Chart;
import io.capstan.helm.engine.ChartFile;
import io.capstan.helm.engine.ChartMetadata;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A loaded chart as Helm stores it in a release ({@code chart/v2.Chart} JSON): metadata, lock
 * (null: helm-engine does not keep Chart.lock), templates and files with base64 data, default
 * values, schema. Subcharts are not part of Helm's JSON either.
 */
final class ChartJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private ChartJson() {}

  static ObjectNode of(Chart chart) {
    ObjectNode out = MAPPER.createObjectNode();
    out.set("metadata", metadata(chart.metadata()));
    out.putNull("lock");
    out.set("templates", files(chart.templates()));
    out.set("values", MAPPER.valueToTree(chart.values()));
    byte[] schema = chart.schema();
    if (schema == null) {
      out.putNull("schema");
    } else {
      out.put("schema", Base64.getEncoder().encodeToString(schema));
    }
    out.put("schemamodtime", ZERO_TIME);
    out.set("files", files(chart.files()));
    return out;
  }

  private static ArrayNode files(List<ChartFile> files) {
    ArrayNode a = MAPPER.createArrayNode();
    for (ChartFile f : files) {
      ObjectNode n = a.addObject();
      n.put("name", f.name());
      n.put("data", Base64.getEncoder().encodeToString(f.data()));
    }
    return a;
  }

  private static ObjectNode metadata(ChartMetadata m) {
    ObjectNode n = MAPPER.createObjectNode();
    putText(n, "name", m.name);
    putText(n, "home", m.home);
    putList(n, "sources", m.sources);
    putText(n, "version", m.version);
    putText(n, "description", m.description);
    putList(n, "keywords", m.keywords);
    if (!m.maintainers.isEmpty()) {
      n.set("maintainers", MAPPER.valueToTree(m.maintainers));
    }
    putText(n, "icon", m.icon);
    putText(n, "apiVersion", m.apiVersion);
    putText(n, "condition", m.condition);
    putText(n, "tags", m.tags);
    putText(n, "appVersion", m.appVersion);
    if (m.deprecated) {
      n.put("deprecated", true);
    }
    if (!m.annotations.isEmpty()) {
      ObjectNode a = n.putObject("annotations");
      for (Map.Entry<String, Object> e : m.annotations.entrySet()) {
        a.put(e.getKey(), String.valueOf(e.getValue()));
      }
    }
    putText(n, "kubeVersion", m.kubeVersion);
    if (!m.dependencies.isEmpty()) {
      ArrayNode deps = n.putArray("dependencies");
      for (ChartMetadata.Dependency d : m.dependencies) {
        if (d == null) {
          continue;
        }
        ObjectNode dn = deps.addObject();
        dn.put("name", d.name);
        putText(dn, "version", d.version);
        dn.put("repository", d.repository);
        putText(dn, "condition", d.condition);
        putList(dn, "tags", d.tags);
        if (d.enabled) {
          dn.put("enabled", true);
        }
        if (!d.importValues.isEmpty()) {
          dn.set("import-values", MAPPER.valueToTree(d.importValues));
        }
        putText(dn, "alias", d.alias);
      }
    }
    putText(n, "type", m.type);
    return n;
  }

  private static void putText(ObjectNode n, String field, String value) {
    if (value != null && !value.isEmpty()) {
      n.put(field, value);
    }
  }

  private static void putList(ObjectNode n, String field, List<String> value) {
    if (value != null && !value.isEmpty()) {
      ArrayNode a = n.putArray(field);
      value.forEach(a::add);
    }
  }
}
