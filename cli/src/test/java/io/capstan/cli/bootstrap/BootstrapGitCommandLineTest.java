package io.capstan.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.cli.CapstanVersion;
import io.capstan.cli.install.InstallOptions;
import io.capstan.testing.git.OpenPgpKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code capstan bootstrap git}'s flags → settings (no cluster, no Git server). */
class BootstrapGitCommandLineTest {

  private static GitBootstrap.Settings parse(String... args) throws Exception {
    BootstrapGitCommand command = new BootstrapGitCommand();
    new CommandLine(command).parseArgs(args);
    return command.settings(new PrintWriter(new StringWriter()));
  }

  @Test
  @DisplayName("Flux's defaults; the install flags are capstan install's")
  void defaults() throws Exception {
    GitBootstrap.Settings s = parse("--url=https://git.example.com/fleet.git");
    assertThat(s.branch()).isEqualTo("main");
    assertThat(s.path()).isEmpty();
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.author()).isEqualTo("Flux");
    assertThat(s.secretData()).isEmpty();
    assertThat(s.signer()).isNull();
    assertThat(s.install()).isEqualTo(InstallOptions.defaults(CapstanVersion.capstan()));
  }

  @Test
  @DisplayName("basic auth, install flags and a signing key ring with its key id")
  void flags(@TempDir Path tmp) throws Exception {
    OpenPgpKey key = OpenPgpKey.generate("Capstan Bot", "bot@example.com");
    Path ring = tmp.resolve("key.asc");
    Files.writeString(ring, key.armoredSecretKey());
    GitBootstrap.Settings s =
        parse(
            "--url=https://git.example.com/fleet.git",
            "--branch=prod",
            "--path=clusters/a",
            "-u",
            "bot",
            "-p",
            "token",
            "--components-extra=notification-controller",
            "--components=source-controller,kustomize-controller",
            "-n",
            "gitops",
            "--gpg-key-ring=" + ring,
            "--gpg-key-id=" + key.keyId().substring(8).toLowerCase(),
            "--interval=5m");
    assertThat(s.branch()).isEqualTo("prod");
    assertThat(new String(s.secretData().get("username"), StandardCharsets.UTF_8)).isEqualTo("bot");
    assertThat(new String(s.secretData().get("password"), StandardCharsets.UTF_8))
        .isEqualTo("token");
    assertThat(s.install().namespace()).isEqualTo("gitops");
    assertThat(s.install().components())
        .containsExactly("source-controller", "kustomize-controller", "notification-controller");
    assertThat(s.signer().keyId()).isEqualTo(key.keyId());
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @DisplayName("a --gpg-key-id that is not the key ring's signing key, and a bad URL scheme, fail")
  void refusals(@TempDir Path tmp) throws Exception {
    OpenPgpKey key = OpenPgpKey.generate("Capstan Bot", "bot@example.com");
    Path ring = tmp.resolve("key.asc");
    Files.writeString(ring, key.armoredSecretKey());
    assertThatThrownBy(
            () ->
                parse(
                    "--url=https://git.example.com/fleet.git",
                    "--gpg-key-ring=" + ring,
                    "--gpg-key-id=DEADBEEF"))
        .hasMessageContaining("--gpg-key-id DEADBEEF does not match");
    assertThatThrownBy(() -> parse("--url=ftp://git.example.com/fleet.git"))
        .hasMessageContaining("the scheme must be http, https or ssh");
  }
}
