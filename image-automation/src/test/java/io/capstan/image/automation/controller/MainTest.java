package io.capstan.image.automation.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  @DisplayName("Flux's defaults")
  void defaults() {
    ImageAutomationOptions o = Main.parse(new String[0], "flux-system");
    assertThat(o.concurrent()).isEqualTo(4);
    assertThat(o.watchNamespaces()).isEmpty();
    assertThat(o.noCrossNamespaceRefs()).isFalse();
    assertThat(o.defaultServiceAccount()).isEmpty();
    assertThat(o.featureGates())
        .isEqualTo(new ImageAutomationFeatureGates(true, true, true, false))
        .isEqualTo(ImageAutomationFeatureGates.DEFAULTS);
    assertThat(o.sshKexAlgorithms()).isEmpty();
    assertThat(o.sshHostKeyAlgorithms()).isEmpty();
    assertThat(ImageAutomationOptions.builder().build()).isEqualTo(o);
  }

  @Test
  @DisplayName("toBuilder() keeps every option and build() validates like the constructor")
  void toBuilderRoundTrip() {
    ImageAutomationOptions o =
        new ImageAutomationOptions(
            2,
            Set.of("apps"),
            true,
            "automation",
            new ImageAutomationFeatureGates(false, false, true, true),
            List.of("curve25519-sha256"),
            List.of("ssh-ed25519"));
    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThat(o.toBuilder().sshKexAlgorithms(List.of()).build().sshKexAlgorithms()).isEmpty();
    assertThat(o.toBuilder().sshKexAlgorithms(List.of()).build().sshHostKeyAlgorithms())
        .containsExactly("ssh-ed25519");
    assertThatThrownBy(() -> o.toBuilder().concurrent(0).build())
        .hasMessageContaining("--concurrent");
  }

  @Test
  @DisplayName("Flux's flags")
  void flags() {
    ImageAutomationOptions o =
        Main.parse(
            new String[] {
              "--concurrent=8",
              "--watch-all-namespaces=false",
              "--no-cross-namespace-refs=true",
              "--default-service-account=automation",
              "--feature-gates=GitForcePushBranch=false,GitShallowClone=false,"
                  + "CacheSecretsAndConfigMaps=true",
              "--ssh-kex-algos=curve25519-sha256,diffie-hellman-group14-sha256",
              "--ssh-hostkey-algos",
              "ssh-ed25519"
            },
            "flux-system");
    assertThat(o.concurrent()).isEqualTo(8);
    assertThat(o.watchNamespaces()).isEqualTo(Set.of("flux-system"));
    assertThat(o.noCrossNamespaceRefs()).isTrue();
    assertThat(o.defaultServiceAccount()).isEqualTo("automation");
    assertThat(o.featureGates())
        .isEqualTo(new ImageAutomationFeatureGates(false, false, true, true));
    assertThat(o.sshKexAlgorithms())
        .containsExactly("curve25519-sha256", "diffie-hellman-group14-sha256");
    assertThat(o.sshHostKeyAlgorithms()).containsExactly("ssh-ed25519");
  }

  @Test
  @DisplayName("bad flags are refused before anything starts")
  void badFlags() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--concurrent=0"}, "flux-system"))
        .hasMessageContaining("--concurrent");
    assertThatThrownBy(() -> Main.parse(new String[] {"--feature-gates=Nope=true"}, "flux-system"))
        .hasMessageContaining("Nope");
    assertThatThrownBy(
            () -> Main.parse(new String[] {"--feature-gates=GitShallowClone=maybe"}, "flux-system"))
        .hasMessageContaining("GitShallowClone");
    assertThatThrownBy(() -> Main.parse(new String[] {"--storage-path=/x"}, "flux-system"))
        .hasMessageContaining("--storage-path");
  }

  @Test
  @DisplayName("options configure the facade; name and Lease are Flux's")
  void facade() {
    ImageAutomationOptions o =
        Main.parse(
            new String[] {"--concurrent=2", "--no-cross-namespace-refs", "--ssh-kex-algos=a"},
            "flux-system");
    try (var client = new KubernetesClientBuilder().build()) {
      ImageAutomationController c =
          ImageAutomationController.builder().options(o).client(client).build();
      assertThat(c.name()).isEqualTo("image-automation-controller");
      assertThat(c.concurrency()).isEqualTo(2);
      assertThat(c.noCrossNamespaceRefs()).isTrue();
      assertThat(c.sshKexAlgorithms()).isEqualTo(List.of("a"));
      assertThat(c.featureGates()).isEqualTo(ImageAutomationFeatureGates.DEFAULTS);
      assertThat(c.client()).isSameAs(client);
    }
    assertThatThrownBy(() -> ImageAutomationController.builder().build())
        .hasMessageContaining("client");
    assertThat(Main.commandLine().getCommandName()).isEqualTo("image-automation-controller");
  }
}
