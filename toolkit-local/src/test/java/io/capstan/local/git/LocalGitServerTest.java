package io.capstan.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGitServerTest {

  @TempDir Path tmp;

  @Test
  @DisplayName("serves a created repository over HTTP on 127.0.0.1 and accepts pushes")
  void cloneAndPush() throws Exception {
    try (LocalGitServer server = LocalGitServer.start()) {
      RevCommit first =
          server.create(
              "webapp",
              tmp.resolve("webapp.git"),
              "main",
              "first version",
              Map.of("deploy/app.yaml", "kind: ConfigMap\n", "README.md", "hello\n"));
      assertThat(server.url("webapp").toString())
          .isEqualTo("http://127.0.0.1:" + server.port() + "/webapp.git");
      assertThat(first.getAuthorIdent().getName()).isEqualTo("Capstan");

      Path clone = tmp.resolve("clone");
      try (Git git =
          Git.cloneRepository()
              .setURI(server.url("webapp").toString())
              .setDirectory(clone.toFile())
              .call()) {
        assertThat(git.getRepository().resolve("HEAD")).isEqualTo(first.getId());
        assertThat(Files.readString(clone.resolve("deploy/app.yaml")))
            .isEqualTo("kind: ConfigMap\n");
        assertThat(clone.resolve("README.md")).hasContent("hello");

        Files.writeString(clone.resolve("README.md"), "changed\n", StandardCharsets.UTF_8);
        git.add().addFilepattern("README.md").call();
        RevCommit second =
            git.commit()
                .setMessage("second")
                .setAuthor("you", "you@example.com")
                .setCommitter("you", "you@example.com")
                .setSign(false)
                .call();
        git.push().call();

        try (var bare =
            new FileRepositoryBuilder().setGitDir(tmp.resolve("webapp.git").toFile()).build()) {
          ObjectId head = bare.resolve(Constants.R_HEADS + "main");
          assertThat(head).isEqualTo(second.getId());
          assertThat(second.getParent(0).getId()).isEqualTo(first.getId());
        }
      }
    }
  }

  @Test
  @DisplayName("an unknown repository is not found")
  void unknownRepository() {
    try (LocalGitServer server = LocalGitServer.start()) {
      assertThatThrownBy(
              () ->
                  Git.cloneRepository()
                      .setURI(server.url("missing").toString())
                      .setDirectory(tmp.resolve("missing").toFile())
                      .call())
          .isInstanceOf(InvalidRemoteException.class)
          .rootCause()
          .hasMessageContaining("not found");
    }
  }

  @Test
  @DisplayName("refuses paths outside the repository and a non-empty target directory")
  void badInput() throws Exception {
    try (LocalGitServer server = LocalGitServer.start()) {
      assertThatThrownBy(
              () ->
                  server.create(
                      "a", tmp.resolve("a.git"), "main", "m", Map.of("../escape.yaml", "x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("../escape.yaml");
      assertThatThrownBy(
              () ->
                  server.create("b", tmp.resolve("b.git"), "main", "m", Map.of(".git/config", "x")))
          .isInstanceOf(IllegalArgumentException.class);
      Files.createDirectories(tmp.resolve("c.git"));
      Files.writeString(tmp.resolve("c.git/file"), "x");
      assertThatThrownBy(
              () -> server.create("c", tmp.resolve("c.git"), "main", "m", Map.of("f", "x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not empty");
    }
  }
}
