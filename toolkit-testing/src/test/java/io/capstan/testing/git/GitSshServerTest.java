package io.capstan.testing.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSshServerTest {

  @TempDir Path tmp;
  private TestGitRepository repo;
  private RevCommit head;
  private final SshKey client = SshKey.ecdsa();

  @BeforeEach
  void fixture() {
    repo = TestGitRepository.create(tmp.resolve("podinfo.git"));
    head = repo.commit("main", "initial", Map.of("deploy/app.yaml", "kind: ConfigMap\n"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private TransportConfigCallback sshTransport;

  /** A JGit clone over SSH that trusts only {@code knownHosts} and offers only {@code key}. */
  private CloneCommand clone(GitSshServer server, SshKey key, String knownHosts, String dir)
      throws Exception {
    Path ssh = Files.createDirectories(tmp.resolve(dir + "-ssh"));
    Path knownHostsFile = Files.writeString(ssh.resolve("known_hosts"), knownHosts + "\n");
    SshdSessionFactory factory =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(tmp.toFile())
            .setSshDirectory(ssh.toFile())
            .setDefaultKeysProvider(unused -> List.of(key.keyPair()))
            .setDefaultKnownHostsFiles(unused -> List.of(knownHostsFile))
            .setPreferredAuthentications("publickey")
            .build(null);
    sshTransport = t -> ((SshTransport) t).setSshSessionFactory(factory);
    return Git.cloneRepository()
        .setURI(server.url("podinfo").toString())
        .setDirectory(tmp.resolve(dir).toFile())
        .setTransportConfigCallback(sshTransport);
  }

  @Test
  @DisplayName("an authorized key clones over SSH when the host key is in known_hosts")
  void authorizedClone() throws Exception {
    try (GitSshServer server = GitSshServer.start(List.of(client.keyPair().getPublic()))) {
      server.serve("podinfo", repo.repository());

      try (Git clone = clone(server, client, server.knownHostsLine(), "clone").call()) {
        assertThat(clone.getRepository().resolve("HEAD")).isEqualTo(head);
      }
      assertThat(tmp.resolve("clone/deploy/app.yaml")).hasContent("kind: ConfigMap");
      assertThat(server.requests().uploadPacks()).isEqualTo(1);
      assertThat(server.requests().refAdvertisements()).isEqualTo(1);
      assertThat(server.knownHostsLine())
          .matches(
              "\\[127\\.0\\.0\\.1\\]:" + server.port() + " ecdsa-sha2-nistp256 [A-Za-z0-9+/=]+");
    }
  }

  @Test
  @DisplayName("a key the server does not know is refused and nothing is sent")
  void unknownKeyRefused() throws Exception {
    try (GitSshServer server = GitSshServer.start(List.of(client.keyPair().getPublic()))) {
      server.serve("podinfo", repo.repository());

      assertThatThrownBy(() -> clone(server, SshKey.ecdsa(), server.knownHostsLine(), "c").call())
          .isInstanceOf(TransportException.class);
      assertThat(server.requests().uploadPacks()).isZero();
    }
  }

  @Test
  @DisplayName("a client whose known_hosts holds another host key refuses to connect")
  void wrongHostKeyRefused() throws Exception {
    try (GitSshServer server = GitSshServer.start(List.of(client.keyPair().getPublic()));
        GitSshServer impostor = GitSshServer.start(List.of())) {
      server.serve("podinfo", repo.repository());
      String wrongLine = "[127.0.0.1]:" + server.port() + " " + impostor.hostKey().publicKeyLine();

      assertThatThrownBy(() -> clone(server, client, wrongLine, "c").call())
          .isInstanceOf(TransportException.class);
      assertThat(server.requests().uploadPacks()).isZero();
    }
  }

  @Test
  @DisplayName("a push over SSH lands only when the server allows it")
  void pushOverSsh() throws Exception {
    try (GitSshServer server = GitSshServer.start(List.of(client.keyPair().getPublic()))) {
      server.serve("podinfo", repo.repository()).allowPush(true);
      try (Git work = clone(server, client, server.knownHostsLine(), "work").call()) {
        Files.writeString(tmp.resolve("work/new.txt"), "pushed");
        work.add().addFilepattern("new.txt").call();
        RevCommit local = work.commit().setMessage("local").setSign(false).call();

        work.push().setTransportConfigCallback(sshTransport).call();

        assertThat(repo.head("main")).isEqualTo(local);
        assertThat(server.requests().receivePacks()).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("OpenSSH's git clone works with the exported identity and known_hosts line")
  void openSshClientClones() throws Exception {
    try (GitSshServer server = GitSshServer.start(List.of(client.keyPair().getPublic()))) {
      server.serve("podinfo", repo.repository());
      Path identity = Files.writeString(tmp.resolve("identity"), client.privateKeyPem());
      Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
      Path knownHosts =
          Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine() + "\n");

      ProcessBuilder git =
          new ProcessBuilder(
                  List.of(
                      "git",
                      "clone",
                      "--quiet",
                      server.url("podinfo").toString(),
                      tmp.resolve("cli").toString()))
              .redirectErrorStream(true);
      git.environment()
          .put(
              "GIT_SSH_COMMAND",
              "ssh -F /dev/null -i "
                  + identity
                  + " -o IdentitiesOnly=yes -o UserKnownHostsFile="
                  + knownHosts
                  + " -o StrictHostKeyChecking=yes -o BatchMode=yes");
      Process process = git.start();
      String output = new String(process.getInputStream().readAllBytes());

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(tmp.resolve("cli/deploy/app.yaml")).hasContent("kind: ConfigMap");
    }
  }
}
