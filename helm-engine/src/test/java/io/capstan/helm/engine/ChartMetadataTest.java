package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chart.yaml as templates see it. */
class ChartMetadataTest {
  @Test
  @DisplayName(".Chart is Helm v4's map of Go field names with IsRoot")
  void templateMap() throws Exception {
    ChartMetadata md =
        ChartMetadata.parse(
            "apiVersion: v2\nname: x\nversion: 1.2.3\nappVersion: \"2\"\nmaintainers:\n- name: me\n  email: a@b\n"
                + "dependencies:\n- name: d\n  version: 1.0.0\n  alias: dd\n");
    Map<String, Object> m = md.templateMap(false);
    assertThat(m)
        .containsEntry("Name", "x")
        .containsEntry("Version", "1.2.3")
        .containsEntry("AppVersion", "2")
        .containsEntry("APIVersion", "v2")
        .containsEntry("IsRoot", false)
        .containsEntry("Sources", List.of());
    assertThat(m.get("Maintainers"))
        .isEqualTo(List.of(Map.of("Name", "me", "Email", "a@b", "URL", "")));
    @SuppressWarnings("unchecked")
    Map<String, Object> dep = (Map<String, Object>) ((List<?>) m.get("Dependencies")).get(0);
    assertThat(dep).containsEntry("Name", "d").containsEntry("Alias", "dd");
  }
}
