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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    GitBootstrap.Settings s =
        parse("--url=https://git.example.com/fleet.git", "--token-auth", "--password=t0k3n");
    assertThat(s.branch()).isEqualTo("main");
    assertThat(s.path()).isEmpty();
    assertThat(s.interval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.author()).isEqualTo("Flux");
    assertThat(s.secretData()).containsOnlyKeys("username", "password");
    assertThat(new String(s.secretData().get("username"), StandardCharsets.UTF_8)).isEqualTo("git");
    assertThat(s.secretName()).isEqualTo("flux-system");
    assertThat(s.syncUrl()).isEqualTo("https://git.example.com/fleet.git");
    assertThat(s.recurseSubmodules()).isFalse();
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
            "--token-auth",
            "--ca-file=" + writeCa(tmp),
            "--secret-name=fleet-token",
            "--recurse-submodules",
            "--cluster-domain=corp.internal",
            "--toleration-keys=a.example.com/b,c",
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
    assertThat(new String(s.secretData().get("ca.crt"), StandardCharsets.UTF_8)).isEqualTo(CA);
    assertThat(s.cloneAuth()).containsOnlyKeys("username", "password", "ca.crt");
    assertThat(s.secretName()).isEqualTo("fleet-token");
    assertThat(s.recurseSubmodules()).isTrue();
    assertThat(s.install().clusterDomain()).isEqualTo("corp.internal");
    assertThat(s.install().tolerationKeys()).containsExactly("a.example.com/b", "c");
    assertThat(s.install().namespace()).isEqualTo("gitops");
    assertThat(s.install().components())
        .containsExactly("source-controller", "kustomize-controller", "notification-controller");
    assertThat(((io.capstan.git.OpenPgpCommitSigner) s.signer()).keyId()).isEqualTo(key.keyId());
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
                    "--token-auth",
                    "-p",
                    "x",
                    "--gpg-key-ring=" + ring,
                    "--gpg-key-id=DEADBEEF"))
        .hasMessageContaining("--gpg-key-id DEADBEEF does not match");
    assertThatThrownBy(() -> parse("--url=ftp://git.example.com/fleet.git"))
        .hasMessageContaining("the scheme must be http, https or ssh");
    assertThatThrownBy(
            () -> parse("--url=http://git.example.com/fleet.git", "--token-auth", "-p", "x"))
        .hasMessage("scheme http is insecure, pass --allow-insecure-http=true to allow it");
    assertThatThrownBy(() -> parse("--url=https://git.example.com/fleet.git", "--token-auth"))
        .hasMessageContaining("--token-auth needs --password");
    assertThatThrownBy(
            () ->
                parse(
                    "--url=https://git.example.com/fleet.git",
                    "--token-auth",
                    "-p",
                    "x",
                    "--secret-name=Bad_Name"))
        .hasMessageContaining("invalid --secret-name 'Bad_Name'");
    assertThatThrownBy(
            () ->
                parse(
                    "--url=https://git.example.com/fleet.git",
                    "--token-auth",
                    "-p",
                    "x",
                    "--toleration-keys=bad key"))
        .hasMessageContaining("invalid --toleration-keys entry 'bad key'");
    assertThatThrownBy(() -> new SshIdentity.KeyAlgorithm("dsa", 2048, "p384"))
        .hasMessageContaining("one of (rsa, ecdsa, ed25519)");
    assertThatThrownBy(() -> new SshIdentity.KeyAlgorithm("rsa", 1000, "p384"))
        .hasMessageContaining("between 1024 and 8192");
    assertThatThrownBy(() -> new SshIdentity.KeyAlgorithm("ecdsa", 2048, "p192"))
        .hasMessageContaining("one of (p256, p384, p521)");
  }

  @ParameterizedTest(name = "{0} (username {1}, --ssh-hostname {2}) -> {3}")
  @CsvSource({
    "https://git.example.com/org/fleet.git, git, '', ssh://git@git.example.com/org/fleet.git",
    "https://git.example.com:8443/fleet.git, bot, '', ssh://bot@git.example.com:8443/fleet.git",
    "https://git.example.com/fleet.git, git, ssh.example.com:2222,"
        + " ssh://git@ssh.example.com:2222/fleet.git",
    "ssh://deploy@git.example.com/fleet.git, git, '', ssh://deploy@git.example.com/fleet.git",
    "ssh://deploy@git.example.com/fleet.git, bot, '', ssh://bot@git.example.com/fleet.git",
  })
  @DisplayName("without --token-auth the sync URL is ssh:// as Flux builds it")
  void sshSyncUrls(String url, String username, String sshHostname, String expected) {
    assertThat(
            BootstrapGitCommand.sshSyncUrl(
                java.net.URI.create(url), username, sshHostname == null ? "" : sshHostname))
        .hasToString(expected);
  }

  @ParameterizedTest(name = "{0} (insecure {1}) -> {2}")
  @CsvSource({
    "https://bot@git.example.com/fleet.git, false, https://git.example.com/fleet.git",
    "http://git.example.com:8080/fleet.git, true, http://git.example.com:8080/fleet.git",
    "http://git.example.com:8080/fleet.git, false, https://git.example.com:8080/fleet.git",
    "ssh://git@git.example.com:22/fleet.git, false, https://git.example.com/fleet.git",
  })
  @DisplayName("with --token-auth the sync URL drops the user info and is https unless allowed")
  void tokenSyncUrls(String url, boolean insecure, String expected) {
    java.net.URI uri = java.net.URI.create(url);
    assertThat(BootstrapGitCommand.tokenSyncUrl(uri, uri.getScheme(), insecure))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rsa, 2048, p384, ssh-rsa ",
    "rsa, 4096, p384, ssh-rsa ",
    "ecdsa, 2048, p256, ecdsa-sha2-nistp256 ",
    "ecdsa, 2048, p521, ecdsa-sha2-nistp521 ",
    "ed25519, 2048, p384, ssh-ed25519 ",
  })
  @DisplayName("--ssh-key-algorithm, --ssh-rsa-bits, --ssh-ecdsa-curve generate the key Flux would")
  void keyAlgorithms(String algorithm, int bits, String curve, String prefix) {
    java.security.KeyPair pair =
        SshIdentity.generate(new SshIdentity.KeyAlgorithm(algorithm, bits, curve));
    assertThat(org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pair.getPublic()))
        .startsWith(prefix);
    assertThat(SshIdentity.openSsh(pair)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    if (algorithm.equals("rsa")) {
      assertThat(
              ((java.security.interfaces.RSAPublicKey) pair.getPublic()).getModulus().bitLength())
          .isEqualTo(bits);
    }
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--registry-creds=u:p | --registry-creds requires --image-pull-secret to be set",
        "--registry-creds=u:p:q --image-pull-secret=regcred | invalid --registry-creds format,"
            + " expected 'user:password'",
        "--registry-creds=nocolon --image-pull-secret=regcred | invalid --registry-creds format",
        "--ssh-signing-reuse-private-key | --ssh-signing-reuse-private-key requires"
            + " --private-key-file",
        "--ssh-signing-password=x | --ssh-signing-password requires --ssh-signing-key-file",
        "--ssh-signing-password=x --ssh-signing-passphrase=y | --ssh-signing-password and"
            + " --ssh-signing-passphrase are aliases; do not pass both",
        "--with-bearer-token --password= | --with-bearer-token needs --password (the token)",
        "--sparse-checkout=apps --path=clusters/a | the configured --path 'clusters/a' must be"
            + " one of them",
        "--sparse-checkout=clusters/../x --path=clusters/a | must not contain '..'",
      })
  @DisplayName("Flux's checks of the bootstrap flags, before anything is cloned")
  void refusedFlags(String flags, String message) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of("--url=https://git.example.com/fleet.git", "--token-auth"));
    if (!flags.contains("--password=")) {
      args.add("--password=t0k3n");
    }
    args.addAll(java.util.List.of(flags.trim().split(" ")));
    assertThatThrownBy(() -> parse(args.toArray(String[]::new))).hasMessageContaining(message);
  }

  @Test
  @DisplayName(
      "--registry-creds: the image pull Secret's .dockerconfigjson as Flux writes it, keyed by"
          + " --registry")
  void registryCredentials() throws Exception {
    GitBootstrap.Settings s =
        parse(
            "--url=https://git.example.com/fleet.git",
            "--token-auth",
            "--password=t0k3n",
            "--registry=registry.example.com/capstan",
            "--image-pull-secret=regcred",
            "--registry-creds=robot:p@ss");
    assertThat(s.install().imagePullSecret()).isEqualTo("regcred");
    assertThat(new String(s.imagePullSecretData().get(".dockerconfigjson"), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"auths\":{\"registry.example.com/capstan\":{\"username\":\"robot\","
                + "\"password\":\"p@ss\",\"auth\":\"cm9ib3Q6cEBzcw==\"}}}");
    assertThat(
            parse("--url=https://git.example.com/fleet.git", "--token-auth", "-p", "t")
                .imagePullSecretData())
        .isNull();
  }

  @Test
  @DisplayName("--gpg-key-ring and --ssh-signing-key-file are mutually exclusive")
  void signingFormats(@TempDir Path tmp) throws Exception {
    OpenPgpKey key = OpenPgpKey.generate("Capstan Bot", "bot@example.com");
    Path ring = tmp.resolve("key.asc");
    Files.writeString(ring, key.armoredSecretKey());
    Path sshKey = tmp.resolve("id");
    Files.writeString(sshKey, io.capstan.testing.git.SshKey.ecdsa().privateKeyPem());
    assertThatThrownBy(
            () ->
                parse(
                    "--url=https://git.example.com/fleet.git",
                    "--token-auth",
                    "-p",
                    "t",
                    "--gpg-key-ring=" + ring,
                    "--ssh-signing-key-file=" + sshKey))
        .hasMessageContaining("--gpg-* and --ssh-signing-* are mutually exclusive");
    assertThatThrownBy(
            () ->
                parse(
                    "--url=https://git.example.com/fleet.git",
                    "--token-auth",
                    "-p",
                    "t",
                    "--ssh-signing-key-file=" + ring))
        .hasMessageContaining("invalid SSH signing key");
    assertThat(
            parse(
                    "--url=https://git.example.com/fleet.git",
                    "--token-auth",
                    "-p",
                    "t",
                    "--ssh-signing-key-file=" + sshKey)
                .signer())
        .isInstanceOf(io.capstan.git.SshCommitSigner.class);
  }

  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private static Path writeCa(Path tmp) throws java.io.IOException {
    Path ca = tmp.resolve("ca.crt");
    Files.writeString(ca, CA);
    return ca;
  }
}
