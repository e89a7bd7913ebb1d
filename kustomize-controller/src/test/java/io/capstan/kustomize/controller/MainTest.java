package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  @DisplayName("without flags the options are Flux's kustomize-controller defaults")
  void defaults() {
    assertThat(Main.parse(new String[0], "flux-system"))
        .isEqualTo(KustomizeControllerOptions.builder().build());
  }

  @Test
  @DisplayName("the options builder starts at Flux's kustomize-controller defaults")
  void builderDefaults() {
    assertThat(KustomizeControllerOptions.builder().build())
        .extracting(
            KustomizeControllerOptions::concurrent,
            KustomizeControllerOptions::requeueDependency,
            KustomizeControllerOptions::watchNamespaces,
            KustomizeControllerOptions::noCrossNamespaceRefs,
            KustomizeControllerOptions::defaultServiceAccount,
            KustomizeControllerOptions::featureGates,
            KustomizeControllerOptions::sopsAgeSecret,
            KustomizeControllerOptions::noRemoteBases,
            KustomizeControllerOptions::watchLabelSelector,
            KustomizeControllerOptions::intervalJitterPercentage,
            KustomizeControllerOptions::insecureKubeConfigExec,
            KustomizeControllerOptions::insecureKubeConfigTls)
        .containsExactly(
            4,
            Duration.ofSeconds(30),
            Set.of(),
            false,
            "",
            FeatureGates.DEFAULTS,
            "",
            false,
            "",
            5,
            false,
            false);
  }

  @Test
  @DisplayName("toBuilder() keeps every option and build() validates like the constructor")
  void toBuilderRoundTrip() {
    KustomizeControllerOptions options =
        Main.parse(
            new String[] {
              "--concurrent=7",
              "--requeue-dependency=9s",
              "--watch-all-namespaces=false",
              "--no-cross-namespace-refs",
              "--default-service-account=tenant",
              "--feature-gates=ExternalArtifact=true",
              "--sops-age-secret=age",
              "--no-remote-bases",
              "--watch-label-selector=shard=a",
              "--interval-jitter-percentage=10",
              "--insecure-kubeconfig-exec",
              "--insecure-kubeconfig-tls"
            },
            "flux-system");
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.toBuilder().concurrent(2).build())
        .isEqualTo(
            new KustomizeControllerOptions(
                2,
                Duration.ofSeconds(9),
                Set.of("flux-system"),
                true,
                "tenant",
                new FeatureGates(false, false, true, false),
                "flux-system/age",
                true,
                "shard=a",
                10,
                true,
                true));
    assertThatThrownBy(() -> options.toBuilder().requeueDependency(Duration.ZERO).build())
        .hasMessageContaining("--requeue-dependency");
  }

  @Test
  @DisplayName("--sops-age-secret is ignored when the runtime namespace is unknown, as in Flux")
  void sopsAgeSecretNeedsRuntimeNamespace() {
    assertThat(Main.parse(new String[] {"--sops-age-secret=sops-age"}, "").sopsAgeSecret())
        .isEmpty();
  }

  static Stream<Arguments> flags() {
    return Stream.of(
        Arguments.of(new String[] {"--concurrent=8"}, "concurrent", 8),
        Arguments.of(
            new String[] {"--requeue-dependency=5s"}, "requeueDependency", Duration.ofSeconds(5)),
        Arguments.of(
            new String[] {"--requeue-dependency", "1m30s"},
            "requeueDependency",
            Duration.ofSeconds(90)),
        Arguments.of(
            new String[] {"--watch-all-namespaces=false"},
            "watchNamespaces",
            Set.of("flux-system")),
        Arguments.of(new String[] {"--watch-all-namespaces"}, "watchNamespaces", Set.of()),
        Arguments.of(new String[] {"--no-cross-namespace-refs"}, "noCrossNamespaceRefs", true),
        Arguments.of(
            new String[] {"--sops-age-secret=sops-age"}, "sopsAgeSecret", "flux-system/sops-age"),
        Arguments.of(
            new String[] {"--no-cross-namespace-refs=false"}, "noCrossNamespaceRefs", false),
        Arguments.of(new String[] {"--no-remote-bases"}, "noRemoteBases", true),
        Arguments.of(new String[] {"--insecure-kubeconfig-exec"}, "insecureKubeConfigExec", true),
        Arguments.of(
            new String[] {"--insecure-kubeconfig-tls=true"}, "insecureKubeConfigTls", true),
        Arguments.of(
            new String[] {"--feature-gates=ObjectLevelWorkloadIdentity=true"},
            "featureGates",
            new FeatureGates(false, false, false, true)),
        Arguments.of(new String[] {"--no-remote-bases=true"}, "noRemoteBases", true),
        Arguments.of(new String[] {"--no-remote-bases=false"}, "noRemoteBases", false),
        Arguments.of(
            new String[] {"--default-service-account=default"}, "defaultServiceAccount", "default"),
        Arguments.of(
            new String[] {"--feature-gates=StrictPostBuildSubstitutions=true"},
            "featureGates",
            new FeatureGates(true, false, false, false)),
        Arguments.of(
            new String[] {
              "--feature-gates=AdditiveCELDependencyCheck=true,StrictPostBuildSubstitutions=false"
            },
            "featureGates",
            new FeatureGates(false, true, false, false)),
        Arguments.of(
            new String[] {"--feature-gates=ExternalArtifact=true"},
            "featureGates",
            new FeatureGates(false, false, true, false)),
        Arguments.of(new String[0], "watchLabelSelector", ""),
        Arguments.of(
            new String[] {"--watch-label-selector=sharding.fluxcd.io/shard=shard1"},
            "watchLabelSelector",
            "sharding.fluxcd.io/shard=shard1"),
        Arguments.of(new String[0], "intervalJitterPercentage", 5),
        Arguments.of(
            new String[] {"--interval-jitter-percentage=20"}, "intervalJitterPercentage", 20),
        Arguments.of(
            new String[] {"--interval-jitter-percentage=0"}, "intervalJitterPercentage", 0));
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
        Arguments.of((Object) new String[] {"--requeue-dependency=soon"}),
        Arguments.of((Object) new String[] {"--requeue-dependency=0s"}),
        Arguments.of((Object) new String[] {"--log-encoding"}),
        Arguments.of((Object) new String[] {"--storage-path=/data"}),
        Arguments.of((Object) new String[] {"--feature-gates=NoSuchGate=true"}),
        Arguments.of((Object) new String[] {"--feature-gates=StrictPostBuildSubstitutions=yes"}),
        Arguments.of((Object) new String[] {"--interval-jitter-percentage=100"}),
        Arguments.of((Object) new String[] {"--interval-jitter-percentage=-1"}));
  }

  @ParameterizedTest
  @MethodSource("badFlags")
  @DisplayName("invalid flags are refused")
  void bad(String[] args) {
    assertThatThrownBy(() -> Main.parse(args, "flux-system")).isInstanceOf(RuntimeException.class);
  }

  @Test
  @DisplayName("the shared process flags are accepted (leader election, logging, addresses)")
  void sharedFlags() {
    assertThat(
            Main.parse(
                new String[] {
                  "--enable-leader-election",
                  "--leader-election-lease-duration=40s",
                  "--log-encoding=console",
                  "--log-level=debug",
                  "--metrics-addr=:0",
                  "--health-addr=:0"
                },
                "flux-system"))
        .isEqualTo(KustomizeControllerOptions.builder().build());
  }

  @Test
  @DisplayName("--watch-all-namespaces=false needs RUNTIME_NAMESPACE")
  void needsNamespace() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--watch-all-namespaces=false"}, null))
        .hasMessageContaining("RUNTIME_NAMESPACE");
  }

  @Test
  @DisplayName(
      "the facade takes the options record; without one it keeps Flux's defaults without jitter")
  void facadeOptions() {
    KustomizeControllerOptions o =
        Main.parse(
            new String[] {
              "--concurrent=3",
              "--requeue-dependency=7s",
              "--no-cross-namespace-refs",
              "--default-service-account=deployer",
              "--sops-age-secret=age",
              "--no-remote-bases",
              "--insecure-kubeconfig-tls"
            },
            "flux-system");
    try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
        KustomizeController c = KustomizeController.builder().client(client).options(o).build();
        KustomizeController plain = KustomizeController.builder().client(client).build()) {
      assertThat(c.concurrency()).isEqualTo(3);
      assertThat(c.reconcilerOptions())
          .isEqualTo(
              new KustomizationReconciler.Options(
                  "deployer",
                  true,
                  Duration.ofSeconds(7),
                  "flux-system/age",
                  true,
                  new io.capstan.kustomize.controller.cluster.RemoteClusterAccess(
                      new io.capstan.runtime.cluster.KubeConfigOptions(false, true),
                      new io.capstan.runtime.cluster.WorkloadIdentityKubeConfig.Options(
                          false,
                          "deployer",
                          io.capstan.runtime.cluster.WorkloadIdentityKubeConfig.POD_TOKEN_FILE))));
      assertThat(plain.concurrency()).isEqualTo(KustomizeControllerOptions.DEFAULT_CONCURRENT);
      assertThat(plain.reconcilerOptions()).isEqualTo(KustomizationReconciler.Options.DEFAULTS);
    }
  }
}
