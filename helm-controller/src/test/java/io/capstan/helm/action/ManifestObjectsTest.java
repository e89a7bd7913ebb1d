package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ManifestObjectsTest {
  @Test
  @DisplayName(
      "manifests are read as Kubernetes reads YAML: octal modes, YAML 1.1 booleans, integers")
  void goYamlScalars() throws Exception {
    List<ObjectNode> objs =
        ManifestObjects.parse(
            "---\n# Source: x/templates/a.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
                + "spec:\n  volumes:\n  - name: v\n    secret:\n      defaultMode: 0644\n"
                + "  hostNetwork: yes\n  terminationGracePeriodSeconds: 30\n  x: 1.5\n"
                + "---\n# Source: x/templates/empty.yaml\n---\n");
    assertThat(objs).hasSize(1);
    ObjectNode spec = (ObjectNode) objs.get(0).get("spec");
    assertThat(spec.get("volumes").get(0).get("secret").get("defaultMode").isIntegralNumber())
        .isTrue();
    assertThat(spec.get("volumes").get(0).get("secret").get("defaultMode").asInt()).isEqualTo(420);
    assertThat(spec.get("hostNetwork").asBoolean()).isTrue();
    assertThat(spec.get("terminationGracePeriodSeconds").toString()).isEqualTo("30");
    assertThat(spec.get("x").asDouble()).isEqualTo(1.5);
  }

  @Test
  @DisplayName("a document without kind or apiVersion, and broken YAML, are refused")
  void refused() {
    assertThatThrownBy(() -> ManifestObjects.parse("metadata:\n  name: x\n"))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("apiVersion and kind must be set");
    assertThatThrownBy(() -> ManifestObjects.parse("a: [\n"))
        .isInstanceOf(ActionException.class)
        .hasMessageContaining("unable to build kubernetes objects");
  }
}
