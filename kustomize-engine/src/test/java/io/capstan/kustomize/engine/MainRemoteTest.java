package io.capstan.kustomize.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with remote content: a Git URL as DIR (as kubectl kustomize), --no-remote-bases. */
class MainRemoteTest {
  @TempDir Path tmp;

  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("DIR may be a Git URL; --no-remote-bases refuses remote bases with exit 1")
  void gitUrlAndNoRemoteBases() throws Exception {
    try (TestGitRepository repo = TestGitRepository.create(tmp.resolve("app.git"));
        GitHttpServer git = GitHttpServer.builder().start()) {
      repo.commit(
          "main",
          "app",
          Map.of(
              "deploy/kustomization.yaml",
              "namePrefix: p-\nresources:\n- a.yaml\n",
              "deploy/a.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"));
      git.serve("app", repo.repository());
      String url = git.url("app") + "//deploy?ref=main";

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertThat(run(out, err, "build", url)).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-a\n");

      Files.writeString(tmp.resolve("kustomization.yaml"), "resources:\n- " + url + "\n");
      out.reset();
      assertThat(run(out, err, "build", tmp.toString())).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("name: p-a");

      out.reset();
      err.reset();
      long before = git.requests().all().size();
      assertThat(run(out, err, "build", tmp.toString(), "--no-remote-bases")).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith("Error: ")
          .contains("remote bases are disabled (no-remote-bases)");
      assertThat(git.requests().all()).hasSize((int) before);
    }
  }
}
