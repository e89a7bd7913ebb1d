package io.capstan.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testing.process.JarProcess;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure parts of the demo fixtures: what the scenarios compare and read. */
class DemoFixturesTest {

  static Stream<Arguments> liveObjects() {
    return Stream.of(
        Arguments.of(
            new NamespaceBuilder().withNewMetadata().withName("webapp").endMetadata().build(),
            "_webapp__Namespace"),
        Arguments.of(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("web-proxy")
                .withNamespace("webapp")
                .endMetadata()
                .build(),
            "webapp_web-proxy__ConfigMap"),
        Arguments.of(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("webapp")
                .endMetadata()
                .build(),
            "webapp_web_apps_Deployment"));
  }

  @ParameterizedTest
  @MethodSource("liveObjects")
  @DisplayName("a live object's id is Flux's inventory id: namespace_name_group_kind")
  void inventoryIdOfALiveObject(HasMetadata object, String id) {
    assertThat(DemoState.inventoryId(object)).isEqualTo(id);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "leader_election_master_status 1.0|leader_election_master_status|1.0",
        "leader_election_master_status{name=\"kc\"} 0.0|leader_election_master_status|0.0",
        "# HELP leader_election_master_status 1|leader_election_master_status|",
        "leader_election_master_status_total 5.0|leader_election_master_status|",
        "other 1.0|leader_election_master_status|",
      })
  @DisplayName("a Prometheus sample is read by exact metric name, comments and prefixes ignored")
  void prometheusSample(String exposition, String name, Double expected) {
    OptionalDouble value = JarProcess.sample(exposition, name);
    if (expected == null) {
      assertThat(value).isEmpty();
    } else {
      assertThat(value).hasValue(expected);
    }
  }
}
