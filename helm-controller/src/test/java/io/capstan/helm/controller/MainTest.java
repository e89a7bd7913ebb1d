package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  @DisplayName("without flags the options are the defaults")
  void defaults() {
    assertThat(Main.parse(new String[0], "flux-system"))
        .isEqualTo(HelmControllerOptions.builder().build());
  }

  @Test
  @DisplayName("the options builder starts at Flux's helm-controller defaults, every gate off")
  void builderDefaults() {
    assertThat(HelmControllerOptions.builder().build())
        .isEqualTo(
            new HelmControllerOptions(
                4, Duration.ofSeconds(30), Set.of(), false, "", false, false, false, false));
  }

  @Test
  @DisplayName("toBuilder() keeps every option and build() validates like the constructor")
  void toBuilderRoundTrip() {
    HelmControllerOptions options =
        new HelmControllerOptions(
            3, Duration.ofSeconds(7), Set.of("apps"), true, "tenant", true, true, true, true);
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.toBuilder().useHelm3Defaults(false).build())
        .isEqualTo(
            new HelmControllerOptions(
                3, Duration.ofSeconds(7), Set.of("apps"), true, "tenant", true, true, false, true));
    assertThatThrownBy(() -> options.toBuilder().concurrent(0).build())
        .hasMessageContaining("--concurrent");
  }

  @Test
  @DisplayName("Flux's helm-controller flags become the options")
  void flags() {
    HelmControllerOptions options =
        Main.parse(
            new String[] {
              "--concurrent=8",
              "--requeue-dependency=5s",
              "--watch-all-namespaces=false",
              "--no-cross-namespace-refs",
              "--default-service-account=tenant",
              "--feature-gates=DefaultToRetryOnFailure=true,OOMWatch=false"
            },
            "flux-system");
    assertThat(options)
        .isEqualTo(
            HelmControllerOptions.builder()
                .concurrent(8)
                .requeueDependency(Duration.ofSeconds(5))
                .watchNamespaces(Set.of("flux-system"))
                .noCrossNamespaceRefs(true)
                .defaultServiceAccount("tenant")
                .defaultToRetryOnFailure(true)
                .build());
  }

  @Test
  @DisplayName("--feature-gates=AdditiveCELDependencyCheck=true turns the gate on")
  void additiveCelGate() {
    assertThat(
            Main.parse(
                    new String[] {"--feature-gates=AdditiveCELDependencyCheck=true"}, "flux-system")
                .additiveCelDependencyCheck())
        .isTrue();
    assertThat(Main.parse(new String[0], "flux-system").additiveCelDependencyCheck()).isFalse();
  }

  @Test
  @DisplayName("UseHelm3Defaults and DisableChartDigestTracking are parsed from --feature-gates")
  void helm3AndDigestGates() {
    HelmControllerOptions on =
        Main.parse(
            new String[] {"--feature-gates=UseHelm3Defaults=true,DisableChartDigestTracking=true"},
            "flux-system");
    assertThat(on.useHelm3Defaults()).isTrue();
    assertThat(on.disableChartDigestTracking()).isTrue();
    HelmControllerOptions off = Main.parse(new String[0], "flux-system");
    assertThat(off.useHelm3Defaults()).isFalse();
    assertThat(off.disableChartDigestTracking()).isFalse();
    assertThat(
            Main.parse(
                    new String[] {
                      "--feature-gates=CancelHealthCheckOnNewRevision=true,"
                          + "UninstallOnChartNameChange=false,AdoptLegacyReleases=false"
                    },
                    "flux-system")
                .useHelm3Defaults())
        .as("Flux's other gates are accepted")
        .isFalse();
  }

  @Test
  @DisplayName("an unknown feature gate is refused")
  void unknownGate() {
    assertThatThrownBy(
            () -> Main.parse(new String[] {"--feature-gates=NoSuchGate=true"}, "flux-system"))
        .hasMessageContaining("NoSuchGate");
  }

  @Test
  @DisplayName(
      "the facade takes the options record; without one it keeps Flux helm-controller's defaults")
  void facadeOptions() {
    HelmControllerOptions o =
        Main.parse(
            new String[] {
              "--concurrent=2",
              "--requeue-dependency=7s",
              "--no-cross-namespace-refs",
              "--default-service-account=deployer",
              "--feature-gates=DefaultToRetryOnFailure=true,UseHelm3Defaults=true"
            },
            "flux-system");
    try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build()) {
      HelmController c = HelmController.builder().client(client).options(o).build();
      assertThat(c.concurrency()).isEqualTo(2);
      assertThat(c.reconcilerOptions())
          .isEqualTo(
              new HelmReleaseReconciler.Options(
                  "deployer", true, Duration.ofSeconds(7), true, false, true, false));
      HelmController plain = HelmController.builder().client(client).build();
      assertThat(plain.concurrency()).isEqualTo(HelmControllerOptions.DEFAULT_CONCURRENT);
      assertThat(plain.reconcilerOptions()).isEqualTo(HelmReleaseReconciler.Options.DEFAULTS);
    }
  }
}
