package io.capstan.testing.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.tls.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHttpServerTest {

  @TempDir Path tmp;
  private TestGitRepository repo;
  private RevCommit head;

  @BeforeEach
  void fixture() {
    repo = TestGitRepository.create(tmp.resolve("podinfo.git"));
    head = repo.commit("main", "initial", Map.of("deploy/app.yaml", "kind: ConfigMap\n"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  @DisplayName("a clone over smart HTTP gets the files and is counted as one upload-pack")
  void anonymousClone() throws Exception {
    try (GitHttpServer server = GitHttpServer.builder().start()) {
      server.serve("podinfo", repo.repository());

      try (Git clone =
          Git.cloneRepository()
              .setURI(server.url("podinfo").toString())
              .setDirectory(tmp.resolve("clone").toFile())
              .call()) {
        assertThat(clone.getRepository().resolve("HEAD")).isEqualTo(head);
      }
      assertThat(tmp.resolve("clone/deploy/app.yaml")).hasContent("kind: ConfigMap");
      assertThat(server.requests().uploadPacks()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("listing remote refs is visible in the log but is not a clone")
  void lsRemoteIsNotAClone() throws Exception {
    try (GitHttpServer server = GitHttpServer.builder().start()) {
      server.serve("podinfo", repo.repository());

      var refs = Git.lsRemoteRepository().setRemote(server.url("podinfo").toString()).call();

      assertThat(refs).anySatisfy(r -> assertThat(r.getName()).isEqualTo("refs/heads/main"));
      // Protocol v2: GET info/refs, then POST ls-refs to git-upload-pack (no "want" lines).
      assertThat(server.requests().refAdvertisements()).isEqualTo(2);
      assertThat(server.requests().all())
          .anySatisfy(r -> assertThat(r.target()).endsWith("/git-upload-pack"));
      assertThat(server.requests().uploadPacks()).isZero();
    }
  }

  @ParameterizedTest(name = "user={0} password={1} -> cloned={2}")
  @CsvSource({"git, s3cret, true", "git, wrong, false", "other, s3cret, false", "'', '', false"})
  @DisplayName("basic auth admits only the configured credentials")
  void basicAuth(String user, String password, boolean cloned) throws Exception {
    try (GitHttpServer server = GitHttpServer.builder().basicAuth("git", "s3cret").start()) {
      server.serve("podinfo", repo.repository());
      var clone =
          Git.cloneRepository()
              .setURI(server.url("podinfo").toString())
              .setDirectory(tmp.resolve("clone").toFile());
      if (!user.isEmpty()) {
        clone.setCredentialsProvider(new UsernamePasswordCredentialsProvider(user, password));
      }

      if (cloned) {
        clone.call().close();
        assertThat(server.requests().uploadPacks()).isEqualTo(1);
      } else {
        assertThatThrownBy(clone::call).isInstanceOf(TransportException.class);
        assertThat(server.requests().uploadPacks()).isZero();
        assertThat(server.requests().unauthorized()).isPositive();
      }
    }
  }

  @Test
  @DisplayName("a push is accepted only when the server allows it")
  void push() throws Exception {
    for (boolean allowed : new boolean[] {false, true}) {
      try (GitHttpServer server = GitHttpServer.builder().allowPush(allowed).start()) {
        server.serve("podinfo", repo.repository());
        Path dir = tmp.resolve("work-" + allowed);
        try (Git work =
            Git.cloneRepository()
                .setURI(server.url("podinfo").toString())
                .setDirectory(dir.toFile())
                .call()) {
          Files.writeString(dir.resolve("new.txt"), "pushed");
          work.add().addFilepattern("new.txt").call();
          RevCommit local = work.commit().setMessage("local").setSign(false).call();

          if (allowed) {
            work.push().call();
            assertThat(repo.head("main")).isEqualTo(local);
            assertThat(server.requests().receivePacks()).isEqualTo(1);
          } else {
            assertThatThrownBy(() -> work.push().call()).isInstanceOf(TransportException.class);
            assertThat(repo.head("main")).isEqualTo(head);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("the stock git CLI clones from it with credentials")
  void gitCliClones() throws Exception {
    try (GitHttpServer server = GitHttpServer.builder().basicAuth("git", "s3cret").start()) {
      server.serve("podinfo", repo.repository());
      String url = server.url("podinfo").toString().replace("http://", "http://git:s3cret@");

      Process git =
          new ProcessBuilder(List.of("git", "clone", "--quiet", url, tmp.resolve("cli").toString()))
              .redirectErrorStream(true)
              .start();
      String output = new String(git.getInputStream().readAllBytes());

      assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(git.exitValue()).as(output).isZero();
      assertThat(tmp.resolve("cli/deploy/app.yaml")).hasContent("kind: ConfigMap");
    }
  }

  @Test
  @DisplayName("over HTTPS, git clones when it trusts the server's CA and refuses otherwise")
  void httpsWithCustomCa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("git-test-ca");
    try (GitHttpServer server = GitHttpServer.builder().https(ca).start()) {
      server.serve("podinfo", repo.repository());
      Path trusted = Files.writeString(tmp.resolve("ca.crt"), ca.certificatePem());
      Path other =
          Files.writeString(
              tmp.resolve("other.crt"), CertificateAuthority.create("other").certificatePem());

      assertThat(server.url("podinfo").getScheme()).isEqualTo("https");
      assertThat(gitClone(server.url("podinfo").toString(), "untrusted", other)).isNotZero();
      assertThat(server.requests().uploadPacks()).isZero();
      assertThat(gitClone(server.url("podinfo").toString(), "trusted", trusted)).isZero();
      assertThat(tmp.resolve("trusted/deploy/app.yaml")).hasContent("kind: ConfigMap");
      assertThat(server.requests().uploadPacks()).isEqualTo(1);
    }
  }

  private int gitClone(String url, String dir, Path caFile) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(List.of("git", "clone", "--quiet", url, tmp.resolve(dir).toString()))
            .redirectErrorStream(true);
    builder.environment().put("GIT_SSL_CAINFO", caFile.toString());
    Process git = builder.start();
    git.getInputStream().readAllBytes();
    assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return git.exitValue();
  }
}
