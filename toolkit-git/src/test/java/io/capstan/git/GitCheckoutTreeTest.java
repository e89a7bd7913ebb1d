package io.capstan.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.git.GitHttpServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lands in the working tree: submodules, sparse checkout, semver ties, concurrency. */
class GitCheckoutTreeTest {

  @TempDir static Path root;
  static GitHttpServer server;
  static List<Repository> served;
  static String libHead;
  static String nestedHead;
  static String appHead;
  static String olderBuild;
  static String newerBuild;

  @BeforeAll
  static void repositories() throws Exception {
    try (TestRepository nested = TestRepository.createBare(root.resolve("nested.git"))) {
      nestedHead = nested.commit("master", Map.of("deep.txt", "deep"), "nested");
    }
    try (TestRepository lib = TestRepository.createBare(root.resolve("lib.git"))) {
      libHead =
          lib.commit(
              "master",
              Map.of(
                  "lib.txt",
                  "library",
                  ".gitmodules",
                  "[submodule \"nested\"]\n\tpath = nested\n\turl = ../nested.git\n"),
              Map.of("nested", nestedHead),
              "lib",
              null);
    }
    try (TestRepository app = TestRepository.createBare(root.resolve("app.git"))) {
      appHead =
          app.commit(
              "master",
              Map.of(
                  "deploy/app.yaml", "app",
                  "deploy/base/kustomization.yaml", "base",
                  "docs/readme.md", "docs",
                  "top.txt", "top",
                  ".gitmodules", "[submodule \"lib\"]\n\tpath = vendor/lib\n\turl = ../lib.git\n"),
              Map.of("vendor/lib", libHead),
              "app",
              null);
      olderBuild = app.commit("builds", Map.of("b", "older"), "older build");
      app.lightweightTag("v1.0.0+build.1", olderBuild);
      newerBuild = app.commit("builds", Map.of("b", "newer"), "newer build");
      app.lightweightTag("v1.0.0+build.2", newerBuild);
    }
    server = GitHttpServer.builder().start();
    served = TestRepository.serveAll(root, server::serve);
  }

  @AfterAll
  static void stop() {
    server.close();
    served.forEach(Repository::close);
  }

  @Test
  @DisplayName("submodules are left out by default and checked out recursively when asked")
  void submodules(@TempDir Path without, @TempDir Path with) throws Exception {
    new GitCheckout().url(server.url("app.git").toString()).into(without).call();
    assertThat(without.resolve("vendor/lib/lib.txt")).doesNotExist();

    new GitCheckout()
        .url(server.url("app.git").toString())
        .recurseSubmodules(true)
        .into(with)
        .call();
    assertThat(with.resolve("vendor/lib/lib.txt")).hasContent("library");
    assertThat(with.resolve("vendor/lib/nested/deep.txt")).hasContent("deep");
  }

  @Test
  @DisplayName("a sparse checkout writes only the listed directories")
  void sparse(@TempDir Path dir) throws Exception {
    CheckoutResult r =
        new GitCheckout()
            .url(server.url("app.git").toString())
            .sparseCheckout(List.of("./deploy/base", "docs/"))
            .into(dir)
            .call();

    assertThat(r.hash()).isEqualTo(appHead);
    assertThat(dir.resolve("deploy/base/kustomization.yaml")).hasContent("base");
    assertThat(dir.resolve("docs/readme.md")).hasContent("docs");
    assertThat(dir.resolve("deploy/app.yaml")).doesNotExist();
    assertThat(dir.resolve("top.txt")).doesNotExist();
  }

  @Test
  @DisplayName("a sparse path that is not in the repository fails the checkout")
  void sparseMissing(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                new GitCheckout()
                    .url(server.url("app.git").toString())
                    .sparseCheckout(List.of("nowhere"))
                    .into(dir)
                    .call())
        .isInstanceOf(GitException.OperationFailed.class)
        .hasMessageContaining("sparse checkout dir 'nowhere' does not exist in repository");
  }

  @Test
  @DisplayName("sparse paths that escape the repository are rejected")
  void sparseEscape() {
    assertThatThrownBy(() -> new GitCheckout().sparseCheckout(List.of("../etc")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("versions equal but for build metadata are decided by the newest commit")
  void semverTie(@TempDir Path dir) throws Exception {
    CheckoutResult r =
        new GitCheckout()
            .url(server.url("app.git").toString())
            .reference(GitReference.semver("1.0.0"))
            .into(dir)
            .call();

    assertThat(r.revision()).isEqualTo("v1.0.0+build.2@sha1:" + newerBuild);
  }

  @Test
  @DisplayName("concurrent checkouts of one URL each get a complete, correct tree")
  void concurrent(@TempDir Path base) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<CheckoutResult>> futures = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Path dir = base.resolve("c" + i);
        GitReference ref =
            i % 2 == 0 ? GitReference.defaultBranch() : GitReference.tag("v1.0.0+build.1");
        Callable<CheckoutResult> task =
            () ->
                new GitCheckout()
                    .url(server.url("app.git").toString())
                    .reference(ref)
                    .into(dir)
                    .call();
        futures.add(pool.submit(task));
      }
      for (int i = 0; i < futures.size(); i++) {
        CheckoutResult r = futures.get(i).get();
        Path dir = base.resolve("c" + i);
        if (i % 2 == 0) {
          assertThat(r.hash()).isEqualTo(appHead);
          assertThat(dir.resolve("deploy/app.yaml")).hasContent("app");
        } else {
          assertThat(r.hash()).isEqualTo(olderBuild);
          assertThat(dir.resolve("b")).hasContent("older");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("the target directory must be empty")
  void nonEmptyTarget(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("stale"), "x");
    assertThatThrownBy(
            () -> new GitCheckout().url(server.url("app.git").toString()).into(dir).call())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not empty");
  }
}
