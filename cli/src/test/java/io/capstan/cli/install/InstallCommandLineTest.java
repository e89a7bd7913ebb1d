package io.capstan.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.cli.CapstanVersion;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code capstan install}'s flags → {@link InstallOptions} (no cluster). */
class InstallCommandLineTest {

  private static InstallOptions parse(String... args) {
    InstallCommand command = new InstallCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Test
  @DisplayName("without flags: Flux's defaults, Capstan's registry and version")
  void defaults() {
    assertThat(parse()).isEqualTo(InstallOptions.defaults(CapstanVersion.capstan()));
  }

  @Test
  @DisplayName("the builder starts at flux install's defaults; toBuilder() keeps every option")
  void builder() {
    InstallOptions defaults = InstallOptions.builder("1.0.0").build();
    assertThat(defaults)
        .isEqualTo(
            new InstallOptions(
                "flux-system",
                List.of(
                    "source-controller",
                    "kustomize-controller",
                    "helm-controller",
                    "notification-controller"),
                "localhost:5000/capstan",
                "1.0.0",
                "",
                true,
                true,
                "info",
                "cluster.local",
                List.of()));
    InstallOptions custom =
        defaults.toBuilder()
            .namespace("gitops")
            .clusterDomain("corp.internal")
            .tolerationKeys(List.of("dedicated"))
            .build();
    assertThat(custom.toBuilder().build()).isEqualTo(custom);
    assertThat(custom.version()).isEqualTo("1.0.0");
    assertThatThrownBy(() -> custom.toBuilder().logLevel("loud").build())
        .hasMessageContaining("--log-level");
  }

  @Test
  @DisplayName("every flag maps to its option, as flux install spells it")
  void flags() {
    InstallOptions options =
        parse(
            "--components=source-controller,kustomize-controller",
            "--components-extra=notification-controller",
            "-n",
            "gitops",
            "--registry=registry.example.com/capstan",
            "--image-pull-secret=regcred",
            "--network-policy=false",
            "--watch-all-namespaces=false",
            "--log-level=debug");
    assertThat(options.components())
        .containsExactly("source-controller", "kustomize-controller", "notification-controller");
    assertThat(options.namespace()).isEqualTo("gitops");
    assertThat(options.registry()).isEqualTo("registry.example.com/capstan");
    assertThat(options.imagePullSecret()).isEqualTo("regcred");
    assertThat(options.networkPolicy()).isFalse();
    assertThat(options.watchAllNamespaces()).isFalse();
    assertThat(options.logLevel()).isEqualTo("debug");
    assertThat(parse("--network-policy", "--watch-all-namespaces").networkPolicy()).isTrue();
    assertThat(parse("--components=source-controller").components())
        .isEqualTo(List.of("source-controller"));
  }
}
