package io.capstan.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

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
