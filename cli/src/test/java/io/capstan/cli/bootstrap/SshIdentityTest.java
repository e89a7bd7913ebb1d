package io.capstan.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.git.GitAuth;
import io.capstan.git.GitReference;
import io.capstan.git.GitRemote;
import io.capstan.git.GitWorkspace;
import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.TestGitRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated deploy key and the scanned host key, against the in-process SSH Git server. */
class SshIdentityTest {

  @Test
  @DisplayName(
      "no --private-key-file: an ECDSA P-384 key is generated and printed; once registered it"
          + " clones with the scanned known_hosts")
  void generatedKeyWorksOnceRegistered(@TempDir Path tmp) throws Exception {
    try (TestGitRepository repository = TestGitRepository.create(tmp.resolve("fleet.git"));
        GitSshServer git = GitSshServer.start(List.of())) {
      repository.commit("main", "init", Map.of("README.md", "# fleet\n"));
      git.serve("fleet", repository.repository());
      URI url = git.url("fleet");
      StringWriter out = new StringWriter();

      Map<String, byte[]> data =
          SshIdentity.secretData(url, null, true, Duration.ofSeconds(30), new PrintWriter(out));

      String publicKey = new String(data.get("identity.pub"), StandardCharsets.UTF_8).trim();
      assertThat(publicKey).startsWith("ecdsa-sha2-nistp384 ");
      assertThat(out.toString()).contains("✔ public key: " + publicKey);
      assertThat(new String(data.get("known_hosts"), StandardCharsets.UTF_8))
          .isEqualTo(git.knownHostsLine() + "\n");
      assertThat(new String(data.get("identity"), StandardCharsets.UTF_8))
          .startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");

      // the user registers the printed key as a deploy key
      PublicKey registered =
          AuthorizedKeyEntry.parseAuthorizedKeyEntry(publicKey).resolvePublicKey(null, null);
      git.authorize(registered);
      GitRemote remote =
          new GitRemote(
              url.toString(),
              GitAuth.fromSecret(url.toString(), data),
              null,
              Duration.ofSeconds(30));
      try (GitWorkspace ws =
          GitWorkspace.clone(remote, GitReference.branch("main"), tmp.resolve("clone"))) {
        assertThat(ws.directory().resolve("README.md")).exists();
      }
    }
  }

  @Test
  @DisplayName("no SSH server at the URL: a clear error naming host and port")
  void unreachableHost() {
    assertThatThrownBy(() -> SshIdentity.knownHosts("127.0.0.1", 1, Duration.ofSeconds(10)))
        .hasMessageContaining("unable to scan the SSH host key of 127.0.0.1:1");
  }
}
