package io.capstan.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.source.helm.HelmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MainTest {

  @Test
  @DisplayName("without flags the options are Flux's defaults")
  void defaults() {
    SourceControllerOptions o = Main.parse(new String[0], "flux-system");
    assertThat(o)
        .isEqualTo(
            new SourceControllerOptions(
                2,
                Path.of("/data"),
                ":9090",
                null,
                Duration.ofSeconds(60),
                2,
                Duration.ofSeconds(30),
                Set.of(),
                HelmSettings.DEFAULTS));
    assertThat(o.helm().chartMaxSize()).isEqualTo(10L << 20);
    assertThat(o.helm().chartFileMaxSize()).isEqualTo(5L << 20);
    assertThat(SourceControllerOptions.builder().build()).isEqualTo(o);
  }

  @Test
  @DisplayName("toBuilder() keeps every option and build() validates like the constructor")
  void toBuilderRoundTrip() {
    SourceControllerOptions options =
        new SourceControllerOptions(
            3,
            Path.of("/tmp/store"),
            "127.0.0.1:0",
            "source.flux-system",
            Duration.ofMinutes(2),
            5,
            Duration.ofSeconds(4),
            Set.of("apps"),
            HelmSettings.DEFAULTS);
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.toBuilder().retentionRecords(1).build().retentionRecords()).isEqualTo(1);
    assertThat(options.toBuilder().retentionRecords(1).build().storagePath())
        .isEqualTo(Path.of("/tmp/store"));
    assertThatThrownBy(() -> options.toBuilder().retentionRecords(0).build())
        .hasMessageContaining("--artifact-retention-records");
  }

  static Stream<Arguments> flags() {
    return Stream.of(
        Arguments.of(new String[] {"--concurrent=8"}, "concurrent", 8),
        Arguments.of(new String[] {"--storage-path", "/tmp/s"}, "storagePath", Path.of("/tmp/s")),
        Arguments.of(new String[] {"--storage-addr=:0"}, "storageAddress", ":0"),
        Arguments.of(
            new String[] {"--storage-adv-addr=sc.flux-system.svc"},
            "storageAdvertisedAddress",
            "sc.flux-system.svc"),
        Arguments.of(
            new String[] {"--artifact-retention-ttl=1m30s"},
            "retentionTtl",
            Duration.ofSeconds(90)),
        Arguments.of(new String[] {"--artifact-retention-records=5"}, "retentionRecords", 5),
        Arguments.of(
            new String[] {"--requeue-dependency=5s"}, "requeueDependency", Duration.ofSeconds(5)),
        Arguments.of(
            new String[] {"--watch-all-namespaces=false"},
            "watchNamespaces",
            Set.of("flux-system")),
        Arguments.of(new String[] {"--watch-all-namespaces"}, "watchNamespaces", Set.of()),
        Arguments.of(new String[] {"--helm-chart-max-size=2048"}, "helm.chartMaxSize", 2048L),
        Arguments.of(
            new String[] {"--helm-chart-file-max-size=1024"}, "helm.chartFileMaxSize", 1024L));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("flags")
  @DisplayName("each Flux flag sets its option")
  void flag(String[] args, String field, Object expected) {
    assertThat(Main.parse(args, "flux-system")).extracting(field).isEqualTo(expected);
  }

  static Stream<Arguments> badFlags() {
    return Stream.of(
        Arguments.of((Object) new String[] {"--concurrent=0"}),
        Arguments.of((Object) new String[] {"--helm-chart-max-size=0"}),
        Arguments.of((Object) new String[] {"--artifact-retention-ttl=soon"}),
        Arguments.of((Object) new String[] {"--log-encoding"}),
        Arguments.of((Object) new String[] {"--no-such-flag"}));
  }

  @ParameterizedTest
  @MethodSource("badFlags")
  @DisplayName("invalid flags are refused")
  void bad(String[] args) {
    assertThatThrownBy(() -> Main.parse(args, "flux-system")).isInstanceOf(RuntimeException.class);
  }

  @Test
  @DisplayName("--watch-all-namespaces=false needs RUNTIME_NAMESPACE")
  void needsNamespace() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--watch-all-namespaces=false"}, null))
        .hasMessageContaining("RUNTIME_NAMESPACE");
  }
}
