package io.capstan.kustomize.engine.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.GitSshServer;
import io.capstan.testing.git.SshKey;
import io.capstan.testing.git.TestGitRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh://} and credentialed HTTP remote bases against toolkit-testing's SSH Git server on
 * 127.0.0.1, with the controller's SSH directory (keys and {@code known_hosts}), as the {@code git}
 * binary in Flux's kustomize-controller image uses the container's {@code ~/.ssh}.
 */
class RemoteSshBuildTest {

  @TempDir Path tmp;
  private TestGitRepository repo;
  private GitSshServer server;
  private SshKey client;
  private Path sshDir;

  @BeforeEach
  void start() throws Exception {
    repo = TestGitRepository.create(tmp.resolve("base.git"));
    var v1 =
        repo.commit(
            "main",
            "v1",
            Map.of(
                "deploy/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  v: one\n",
                "deploy/kustomization.yaml",
                "resources:\n- cm.yaml\n"));
    repo.lightweightTag("v1", v1);
    client = SshKey.ecdsa();
    server = GitSshServer.start(List.of(client.keyPair().getPublic()));
    server.serve("base", repo.repository());
    sshDir = Files.createDirectories(tmp.resolve("dot-ssh"));
    Files.writeString(sshDir.resolve("id_ecdsa"), client.privateKeyPem());
    System.setProperty(GitClone.SSH_DIRECTORY_PROPERTY, sshDir.toString());
  }

  @AfterEach
  void stop() {
    System.clearProperty(GitClone.SSH_DIRECTORY_PROPERTY);
    server.close();
    repo.close();
  }

  private String build(String url) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("overlay"));
    Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n- " + url + "\n");
    return Kustomizer.render(Kustomizer.create().build(dir));
  }

  @Test
  @DisplayName("an ssh:// base is cloned with the SSH directory's key, checked against known_hosts")
  void sshBase() throws Exception {
    Files.writeString(sshDir.resolve("known_hosts"), server.knownHostsLine() + "\n");

    String out = build(server.url("base") + "//deploy?ref=v1");

    assertThat(out).contains("name: settings").contains("v: one");
    assertThat(server.users()).contains("git");
  }

  @Test
  @DisplayName("an HTTP base with user:password in the URL authenticates (git's behaviour)")
  void httpCredentialsInUrl() throws Exception {
    try (GitHttpServer http = GitHttpServer.builder().basicAuth("bot", "s3cr3t").start()) {
      http.serve("base", repo.repository());
      String url = http.url("base").toString();

      assertThat(build(url.replace("http://", "http://bot:s3cr3t@") + "//deploy?ref=v1"))
          .contains("v: one");
      Files.delete(tmp.resolve("overlay/kustomization.yaml"));
      assertThatThrownBy(() -> build(url + "//deploy?ref=v1"))
          .isInstanceOf(KustomizeException.class)
          .hasMessageContaining("cloning '" + url);
    }
  }

  @Test
  @DisplayName("an unknown host key is refused, as OpenSSH without a terminal refuses it")
  void unknownHost() {
    assertThatThrownBy(() -> build(server.url("base") + "//deploy?ref=v1"))
        .isInstanceOf(KustomizeException.class)
        .hasMessageContaining("cloning '" + server.url("base"));
    // refused at the host key, before any authentication attempt
    assertThat(server.users()).isEmpty();
  }
}
