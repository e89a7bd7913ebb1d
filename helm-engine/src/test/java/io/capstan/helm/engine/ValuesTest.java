package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Coalescing as chartutil does it. */
class ValuesTest {
  private static Chart chart(String name, Map<String, Object> values, Chart... deps) {
    Chart c = new Chart();
    c.metadata = new ChartMetadata();
    c.metadata.name = name;
    c.metadata.version = "1.0.0";
    c.metadata.apiVersion = "v2";
    c.values = values;
    for (Chart d : deps) {
      c.addDependency(d);
    }
    return c;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  @DisplayName("user values win, null deletes a default, tables merge deeply")
  void coalesce() throws Exception {
    Chart c = chart("top", map("a", 1.0, "b", map("x", 1.0, "y", 2.0), "gone", "d"));
    Map<String, Object> v = Values.coalesceValues(c, map("a", 2L, "b", map("y", 3L), "gone", null));
    assertThat(v.get("a")).isEqualTo(2L);
    assertThat(v.get("b")).isEqualTo(map("x", 1.0, "y", 3L));
    assertThat(v).doesNotContainKey("gone");
  }

  @Test
  @DisplayName("subchart defaults are scoped under the subchart name and globals flow down")
  void subchartsAndGlobals() throws Exception {
    Chart sub = chart("sub", map("port", 80.0, "global", map("g", "sub")));
    Chart c =
        chart("top", map("global", map("g", "top", "h", 1.0), "sub", map("port", 8080.0)), sub);
    Map<String, Object> v = Values.coalesceValues(c, new LinkedHashMap<>());
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) v.get("sub");
    assertThat(s.get("port")).isEqualTo(8080.0);
    assertThat(s.get("global")).isEqualTo(map("g", "top", "h", 1.0));
  }

  @Test
  @DisplayName("mergeMaps: later -f files win key by key")
  void mergeMaps() {
    Map<String, Object> m =
        Values.mergeMaps(map("a", map("x", 1, "y", 2)), map("a", map("y", 3), "b", 1));
    assertThat(m).isEqualTo(map("a", map("x", 1, "y", 3), "b", 1));
  }

  @Test
  @DisplayName("conditions and tags disable subcharts; aliases rename them")
  void dependencies() throws Exception {
    Chart a = chart("a", map());
    Chart b = chart("b", map());
    Chart c = chart("top", map("a", map("enabled", false), "tags", map("t", true)), a, b);
    ChartMetadata.Dependency da = new ChartMetadata.Dependency();
    da.name = "a";
    da.version = "1.0.0";
    da.condition = "a.enabled";
    ChartMetadata.Dependency db = new ChartMetadata.Dependency();
    db.name = "b";
    db.version = "^1.0.0";
    db.alias = "bee";
    db.tags = List.of("t");
    c.metadata.dependencies = List.of(da, db);
    c.metadata.hasDependencies = true;
    Dependencies.process(c, new LinkedHashMap<>());
    assertThat(c.dependencies).extracting(Chart::name).containsExactly("bee");
  }

  @Test
  @DisplayName("import-values: exports and child/parent forms, parent values win")
  void importValues() throws Exception {
    Chart sub =
        chart("sub", map("exports", map("data", map("k", "exported")), "deep", map("v", 1.0)));
    Chart c = chart("top", map("k", "mine"), sub);
    ChartMetadata.Dependency d = new ChartMetadata.Dependency();
    d.name = "sub";
    d.version = ">=1.0.0";
    d.importValues =
        new java.util.ArrayList<>(List.of("data", map("child", "deep", "parent", "imported")));
    c.metadata.dependencies = new java.util.ArrayList<>(List.of(d));
    c.metadata.hasDependencies = true;
    Dependencies.process(c, new LinkedHashMap<>());
    assertThat(c.values.get("k")).isEqualTo("mine");
    assertThat(c.values.get("imported")).isEqualTo(map("v", 1.0));
  }
}
