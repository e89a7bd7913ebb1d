package io.capstan.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.capstan.local.tls.CertificateAuthority;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.SshKey;
import io.capstan.testing.git.TestGitRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The Git phase of {@code capstan bootstrap git} ({@link GitBootstrap#push()}: clone, commit, push)
 * with each transport and signing flag, against toolkit-testing's in-process Git servers; no
 * cluster. The cluster phase is {@link BootstrapGitTest}'s.
 */
class BootstrapGitTransportTest {

  private static final String PATH = "clusters/test";
  private static final String SYNC = PATH + "/flux-system/gotk-sync.yaml";

  /** The settings the flags describe (the SSH host key scan and key parsing included). */
  private static GitBootstrap.Settings settings(StringWriter out, String... args) throws Exception {
    BootstrapGitCommand command = new BootstrapGitCommand();
    new CommandLine(command).parseArgs(args);
    return command.settings(new PrintWriter(out, true));
  }

  private static GitBootstrap.Pushed push(GitBootstrap.Settings settings, StringWriter out)
      throws Exception {
    return new GitBootstrap(settings, new PrintWriter(out, true)).push();
  }

  private static PublicKey publicKey(GitBootstrap.Settings settings) throws Exception {
    String line = new String(settings.secretData().get("identity.pub"), StandardCharsets.UTF_8);
    return PublicKeyEntry.parsePublicKeyEntry(line.trim()).resolvePublicKey(null, null, null);
  }

  private static String openSsh(KeyPair pair, String passphrase) throws Exception {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setPassword(passphrase);
      encryption.setCipherName("AES");
      encryption.setCipherType("256");
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, buffer);
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  @Test
  @DisplayName(
      "--with-bearer-token: the clone and push send the token as Authorization: Bearer, the sync"
          + " Secret holds bearerToken only")
  void bearerToken(@TempDir Path tmp) throws Exception {
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git = GitHttpServer.builder().bearerToken("t0k3n").allowPush(true).start()) {
      repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      StringWriter out = new StringWriter();
      GitBootstrap.Settings s =
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--with-bearer-token",
              "--password=t0k3n",
              "--allow-insecure-http");
      assertThat(s.secretData()).containsOnlyKeys("bearerToken");
      assertThat(s.cloneAuth()).containsOnlyKeys("bearerToken");
      assertThat(s.syncUrl()).isEqualTo(url);
      GitBootstrap.Pushed pushed = push(s, out);
      ObjectId head = repository.head("main");
      assertThat(pushed.revision()).isEqualTo("main@sha1:" + head.name());
      assertThat(repository.files(head)).containsKey(SYNC);
      assertThat(out.toString()).doesNotContain("t0k3n");
    }
  }

  @Test
  @DisplayName(
      "--ca-file: clone and push over HTTPS with a private CA's certificate; --token-auth puts"
          + " ca.crt in the Secret")
  void caFile(@TempDir Path tmp) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("capstan-test-ca");
    Path caFile = tmp.resolve("ca.crt");
    Files.writeString(caFile, ca.certificatePem());
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git =
            GitHttpServer.builder()
                .https(ca)
                .basicAuth("fleet", "s3cret")
                .allowPush(true)
                .start()) {
      ObjectId initial =
          repository.commit("main", "init", Map.of("README.md", "# fleet\n")).getId();
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      assertThat(url).startsWith("https://127.0.0.1:");

      StringWriter out = new StringWriter();
      GitBootstrap.Settings s =
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--username=fleet",
              "--password=s3cret",
              "--token-auth",
              "--ca-file=" + caFile);
      assertThat(new String(s.secretData().get("ca.crt"), StandardCharsets.UTF_8))
          .isEqualTo(ca.certificatePem());
      assertThat(s.cloneAuth()).containsKeys("username", "password", "ca.crt");
      push(s, out);
      ObjectId head = repository.head("main");
      assertThat(head).isNotEqualTo(initial);
      assertThat(repository.files(head).get(SYNC)).contains("url: " + url);
    }
  }

  @Test
  @DisplayName(
      "--ssh-key-algorithm=ed25519: an OpenSSH ed25519 deploy key is generated, authenticates"
          + " to the SSH server and pushes; an ed25519 --private-key-file works too")
  void ed25519(@TempDir Path tmp) throws Exception {
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitSshServer git = GitSshServer.start(List.of()).allowPush(true)) {
      repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      StringWriter out = new StringWriter();
      GitBootstrap.Settings s =
          settings(
              out, "--url=" + url, "--path=" + PATH, "--ssh-key-algorithm=ed25519", "--silent");
      assertThat(new String(s.secretData().get("identity.pub"), StandardCharsets.UTF_8))
          .startsWith("ssh-ed25519 ");
      assertThat(new String(s.secretData().get("identity"), StandardCharsets.UTF_8))
          .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
      assertThat(out.toString()).contains("✔ public key: ssh-ed25519 ");
      git.authorize(publicKey(s));
      push(s, out);
      ObjectId head = repository.head("main");
      assertThat(repository.files(head).get(SYNC))
          .contains("url: ssh://git@127.0.0.1:" + git.port() + "/fleet.git");

      // the same kind of key from a file (as ssh-keygen -t ed25519 writes it)
      KeyPair pair = SshIdentity.generate(new SshIdentity.KeyAlgorithm("ed25519", 2048, "p384"));
      Path keyFile = tmp.resolve("id_ed25519");
      Files.writeString(keyFile, openSsh(pair, null));
      git.authorize(pair.getPublic());
      repository.commit("main", "unrelated", Map.of("other.txt", "x\n"));
      GitBootstrap.Settings fromFile =
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--private-key-file=" + keyFile,
              "--branch=main");
      assertThat(fromFile.secretData().get("identity.pub"))
          .isEqualTo((PublicKeyEntry.toString(pair.getPublic()) + "\n").getBytes());
      GitBootstrap.Pushed pushed = push(fromFile, out);
      assertThat(pushed.revision()).isEqualTo("main@sha1:" + repository.head("main").name());
    }
  }

  @Test
  @DisplayName(
      "an encrypted --private-key-file with --password: decrypted for the clone, the Secret keeps"
          + " the encrypted key and its password")
  void encryptedPrivateKey(@TempDir Path tmp) throws Exception {
    SshKey ecdsa = SshKey.ecdsa();
    KeyPair ed25519 = SshIdentity.generate(new SshIdentity.KeyAlgorithm("ed25519", 2048, "p384"));
    Path ecdsaFile = tmp.resolve("id_ecdsa");
    Files.writeString(ecdsaFile, ecdsa.privateKeyPem("pa55phrase"));
    Path edFile = tmp.resolve("id_ed25519");
    Files.writeString(edFile, openSsh(ed25519, "other-pass"));
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitSshServer git =
            GitSshServer.start(List.of(ecdsa.keyPair().getPublic(), ed25519.getPublic()))
                .allowPush(true)) {
      repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      StringWriter out = new StringWriter();
      GitBootstrap.Settings s =
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--private-key-file=" + ecdsaFile,
              "--password=pa55phrase");
      assertThat(new String(s.secretData().get("identity"), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(ecdsaFile));
      assertThat(new String(s.secretData().get("password"), StandardCharsets.UTF_8))
          .isEqualTo("pa55phrase");
      assertThat(new String(s.secretData().get("identity.pub"), StandardCharsets.UTF_8))
          .isEqualTo(ecdsa.publicKeyLine() + "\n");
      push(s, out);
      ObjectId first = repository.head("main");
      assertThat(repository.files(first)).containsKey(SYNC);

      repository.commit("main", "unrelated", Map.of("other.txt", "x\n"));
      push(
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--private-key-file=" + edFile,
              "--password=other-pass"),
          out);
      assertThat(git.users()).isNotEmpty();
      assertThat(out.toString()).doesNotContain("pa55phrase", "other-pass");
    }
  }

  @Test
  @DisplayName("--ssh-hostkey-algos: the host key is scanned with the listed algorithms only")
  void hostKeyAlgorithms(@TempDir Path tmp) throws Exception {
    SshKey key = SshKey.ecdsa();
    Path keyFile = tmp.resolve("id_ecdsa");
    Files.writeString(keyFile, key.privateKeyPem());
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitSshServer git = GitSshServer.start(List.of(key.keyPair().getPublic())).allowPush(true)) {
      repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      String hostKeyType = git.hostKey().publicKeyLine().split(" ")[0];
      StringWriter out = new StringWriter();
      GitBootstrap.Settings s =
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--private-key-file=" + keyFile,
              "--ssh-hostkey-algos=rsa-sha2-512," + hostKeyType);
      assertThat(new String(s.secretData().get("known_hosts"), StandardCharsets.UTF_8))
          .isEqualTo(git.knownHostsLine() + "\n");
      push(s, out);
      assertThat(repository.files(repository.head("main"))).containsKey(SYNC);
    }
  }

  @Test
  @DisplayName(
      "--ssh-signing-key-file (encrypted, --ssh-signing-password) and"
          + " --ssh-signing-reuse-private-key: both commits carry SSH signatures ssh-keygen"
          + " verifies")
  void sshSigning(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "needs ssh-keygen");
    SshKey transport = SshKey.ecdsa();
    Path transportFile = tmp.resolve("id_transport");
    Files.writeString(transportFile, transport.privateKeyPem());
    KeyPair signing = SshIdentity.generate(new SshIdentity.KeyAlgorithm("ed25519", 2048, "p384"));
    Path signingFile = tmp.resolve("id_signing");
    Files.writeString(signingFile, openSsh(signing, "sign-pass"));
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitSshServer git =
            GitSshServer.start(List.of(transport.keyPair().getPublic())).allowPush(true)) {
      ObjectId initial =
          repository.commit("main", "init", Map.of("README.md", "# fleet\n")).getId();
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      StringWriter out = new StringWriter();
      push(
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--private-key-file=" + transportFile,
              "--ssh-signing-key-file=" + signingFile,
              "--ssh-signing-password=sign-pass"),
          out);
      ObjectId head = repository.head("main");
      assertSshSigned(repository, head, initial, PublicKeyEntry.toString(signing.getPublic()), tmp);

      push(
          settings(
              out,
              "--url=" + url,
              "--path=other",
              "--private-key-file=" + transportFile,
              "--ssh-signing-reuse-private-key"),
          out);
      assertSshSigned(repository, repository.head("main"), head, transport.publicKeyLine(), tmp);
    }
  }

  private static void assertSshSigned(
      TestGitRepository repository, ObjectId head, ObjectId base, String publicKey, Path tmp)
      throws Exception {
    Path allowed = tmp.resolve("allowed_signers");
    Files.writeString(allowed, "bot@example.com " + publicKey + "\n");
    List<RevCommit> commits = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repository.repository())) {
      RevCommit c = walk.parseCommit(head);
      while (!c.getId().equals(base)) {
        commits.add(c);
        c = walk.parseCommit(c.getParent(0));
      }
    }
    assertThat(commits).hasSize(2);
    for (RevCommit commit : commits) {
      assertThat(commit.getRawGpgSignature()).as("signed %s", commit.name()).isNotNull();
      String signature = new String(commit.getRawGpgSignature(), StandardCharsets.US_ASCII);
      assertThat(signature).startsWith("-----BEGIN SSH SIGNATURE-----");
      Path sig = tmp.resolve("commit.sig");
      Files.writeString(sig, signature);
      Path payload = tmp.resolve("commit.payload");
      Files.write(payload, TestGitRepository.signedPayload(commit));
      Process verify =
          new ProcessBuilder(
                  "ssh-keygen",
                  "-Y",
                  "verify",
                  "-f",
                  allowed.toString(),
                  "-I",
                  "bot@example.com",
                  "-n",
                  "git",
                  "-s",
                  sig.toString())
              .redirectInput(payload.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(verify.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(verify.exitValue()).as(output).isZero();
    }
  }

  @Test
  @DisplayName(
      "--sparse-checkout: gotk-sync.yaml's GitRepository lists the directories (Flux's layout)")
  void sparseCheckout(@TempDir Path tmp) throws Exception {
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitHttpServer git =
            GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(true).start()) {
      repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      String url = git.url("fleet").toString();
      StringWriter out = new StringWriter();
      GitBootstrap.Settings s =
          settings(
              out,
              "--url=" + url,
              "--path=" + PATH,
              "--username=fleet",
              "--password=s3cret",
              "--token-auth",
              "--allow-insecure-http",
              "--sparse-checkout=clusters,infrastructure");
      assertThat(s.sparseCheckout()).containsExactly("clusters", "infrastructure");
      push(s, out);
      assertThat(repository.files(repository.head("main")).get(SYNC))
          .contains(
              "  secretRef:\n"
                  + "    name: flux-system\n"
                  + "  sparseCheckout:\n"
                  + "  - clusters\n"
                  + "  - infrastructure\n"
                  + "  url: "
                  + url
                  + "\n");
    }
  }

  /** The Git server a refusal row runs against; each serves the {@code fleet} repository. */
  enum Server {
    /** HTTP with {@code Authorization: Bearer t0k3n}. */
    HTTP_BEARER,
    /** HTTPS with a certificate of a private CA, basic auth fleet/s3cret. */
    HTTPS_PRIVATE_CA,
    /** HTTP with basic auth fleet/s3cret. */
    HTTP_BASIC,
    /** SSH, the ECDSA key of {@code {ecdsa}} authorized. */
    SSH
  }

  /** Where a refusal must happen: parsing the flags, or the clone and push. */
  enum Phase {
    SETTINGS,
    PUSH
  }

  /**
   * Flags refused, each with the error a user reads; nothing is pushed. In {@code args}, {@code
   * {url}} is the served repository and {@code {ecdsa}}, {@code {ecdsa-pa55phrase}} and {@code
   * {ed25519-other-pass}} are private key files (the last two encrypted with that passphrase); in
   * {@code message}, {@code {port}} is the server's port. {@code hidden} (if not empty) must not be
   * in the message.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          --with-bearer-token with a wrong token is refused by the server | HTTP_BEARER | PUSH | --url={url} --path=clusters/test --with-bearer-token --password=wrong --allow-insecure-http --timeout=30s | auth | wrong
          HTTPS from a private CA without --ca-file: the certificate is refused | HTTPS_PRIVATE_CA | PUSH | --url={url} --path=clusters/test --username=fleet --password=s3cret --token-auth --timeout=30s | certif | ``
          an encrypted --private-key-file with a wrong --password | SSH | SETTINGS | --url={url} --private-key-file={ecdsa-pa55phrase} --password=wrong | cannot decrypt it with --password | wrong
          an encrypted --private-key-file without --password | SSH | SETTINGS | --url={url} --private-key-file={ed25519-other-pass} | pass the passphrase with --password | ``
          --ssh-hostkey-algos none of which the server has | SSH | SETTINGS | --url={url} --private-key-file={ecdsa} --ssh-hostkey-algos=rsa-sha2-512,rsa-sha2-256 --timeout=20s | no SSH host key received from 127.0.0.1:{port} with --ssh-hostkey-algos rsa-sha2-512,rsa-sha2-256 | ``
          --ssh-hostkey-algos with an unknown name | SSH | SETTINGS | --url={url} --private-key-file={ecdsa} --ssh-hostkey-algos=ssh-nonsense | unsupported host key algorithm 'ssh-nonsense' | ``
          --sparse-checkout without the --path's directory | HTTP_BASIC | SETTINGS | --url={url} --path=clusters/test --password=s3cret --token-auth --allow-insecure-http --sparse-checkout=apps | the configured --path 'clusters/test' must be one of them | ``
          """)
  void refused(
      String name,
      Server server,
      Phase phase,
      String args,
      String message,
      String hidden,
      @TempDir Path tmp)
      throws Exception {
    SshKey ecdsa = SshKey.ecdsa();
    KeyPair ed25519 = SshIdentity.generate(new SshIdentity.KeyAlgorithm("ed25519", 2048, "p384"));
    Map<String, String> keyFiles =
        Map.of(
            "{ecdsa}", ecdsa.privateKeyPem(),
            "{ecdsa-pa55phrase}", ecdsa.privateKeyPem("pa55phrase"),
            "{ed25519-other-pass}", openSsh(ed25519, "other-pass"));
    CertificateAuthority ca = CertificateAuthority.create("capstan-test-ca");
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        AutoCloseable git =
            switch (server) {
              case HTTP_BEARER ->
                  GitHttpServer.builder().bearerToken("t0k3n").allowPush(true).start();
              case HTTPS_PRIVATE_CA ->
                  GitHttpServer.builder()
                      .https(ca)
                      .basicAuth("fleet", "s3cret")
                      .allowPush(true)
                      .start();
              case HTTP_BASIC ->
                  GitHttpServer.builder().basicAuth("fleet", "s3cret").allowPush(true).start();
              case SSH -> GitSshServer.start(List.of(ecdsa.keyPair().getPublic())).allowPush(true);
            }) {
      ObjectId initial =
          repository.commit("main", "init", Map.of("README.md", "# fleet\n")).getId();
      String url;
      int port;
      if (git instanceof GitSshServer ssh) {
        ssh.serve("fleet", repository.repository());
        url = ssh.url("fleet").toString();
        port = ssh.port();
      } else {
        GitHttpServer http = (GitHttpServer) git;
        http.serve("fleet", repository.repository());
        url = http.url("fleet").toString();
        port = http.port();
      }
      String line = args.replace("{url}", url);
      for (Map.Entry<String, String> key : keyFiles.entrySet()) {
        Path file = tmp.resolve(key.getKey().replaceAll("[{}]", ""));
        Files.writeString(file, key.getValue());
        line = line.replace(key.getKey(), file.toString());
      }
      String[] flags = line.split(" ");
      String expected = message.replace("{port}", String.valueOf(port));

      Throwable refusal;
      if (phase == Phase.SETTINGS) {
        refusal = catchThrowable(() -> settings(new StringWriter(), flags));
      } else {
        GitBootstrap.Settings s = settings(new StringWriter(), flags);
        refusal = catchThrowable(() -> push(s, new StringWriter()));
      }
      assertThat(refusal).as("%s: refused when %s", name, phase).isNotNull();
      assertThat(refusal).hasMessageContaining(expected);
      if (!hidden.isEmpty()) {
        assertThat(refusal.getMessage()).doesNotContain(hidden);
      }
      assertThat(repository.head("main")).isEqualTo(initial);
    }
  }
}
