package io.capstan.e2e.demo;

import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The demo's Git repository: {@code examples/webapp} committed under {@code webapp/} on branch
 * {@code main}, served over smart HTTP on 127.0.0.1 with push enabled, so a test can change it the
 * way a developer would (a commit, or {@code git revert} in a clone and {@code git push}).
 */
final class DemoRepository implements AutoCloseable {

  static final String BRANCH = "main";
  static final String PATH = "webapp";

  private final TestGitRepository repository;
  private final GitHttpServer server;
  private final Path workDirectory;

  private DemoRepository(TestGitRepository repository, GitHttpServer server, Path workDirectory) {
    this.repository = repository;
    this.server = server;
    this.workDirectory = workDirectory;
  }

  /**
   * Creates the repository in {@code directory} with one commit holding every file of {@code
   * webapp} (the examples folder) under {@code webapp/}, and starts serving it.
   */
  static DemoRepository create(Path directory, Path webapp) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.list(webapp)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        files.put(PATH + "/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
      }
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the demo application from " + webapp, e);
    }
    if (!files.containsKey(PATH + "/kustomization.yaml")) {
      throw new IllegalStateException(webapp + " holds no kustomization.yaml: not the demo app");
    }
    TestGitRepository repository = TestGitRepository.create(directory.resolve("webapp.git"));
    repository.commit(BRANCH, "webapp: first version", files);
    GitHttpServer server = GitHttpServer.builder().allowPush(true).start();
    server.serve("webapp", repository.repository());
    return new DemoRepository(repository, server, directory);
  }

  /** The clone URL, {@code http://127.0.0.1:PORT/webapp.git}. */
  URI url() {
    return server.url("webapp");
  }

  /** The commit {@code main} points at. */
  ObjectId head() {
    return repository.head(BRANCH);
  }

  /** Flux's revision string of {@code commit} on {@code main}: {@code main@sha1:<hex>}. */
  static String revision(ObjectId commit) {
    return BRANCH + "@sha1:" + commit.name();
  }

  /** Flux's revision string of the current head. */
  String headRevision() {
    return revision(head());
  }

  /** The content of {@code path} (e.g. {@code webapp/deployment.yaml}) at the head. */
  String file(String path) {
    String content = repository.files(head()).get(path);
    if (content == null) {
      throw new IllegalArgumentException(path + " is not in the repository");
    }
    return content;
  }

  /** Commits {@code files} (path to content, added or replaced) on top of {@code main}. */
  RevCommit commit(String message, Map<String, String> files) {
    return repository.commit(BRANCH, message, files);
  }

  /**
   * Commits {@code path} with {@code from} replaced by {@code to}; fails when {@code from} does not
   * occur, so a scenario never "changes" a file without changing it.
   */
  RevCommit replace(String message, String path, String from, String to) {
    String content = file(path);
    if (!content.contains(from)) {
      throw new IllegalArgumentException(path + " does not contain " + from);
    }
    return commit(message, Map.of(path, content.replace(from, to)));
  }

  /**
   * Reverts the head commit as a user would: {@code git clone}, {@code git revert --no-edit HEAD},
   * {@code git push} with the stock {@code git} command.
   *
   * @return the revert commit, now the head of {@code main}
   */
  ObjectId revertHeadWithGit() {
    Path clone = workDirectory.resolve("clone-" + System.nanoTime());
    git(workDirectory, "clone", "--quiet", "--branch", BRANCH, url().toString(), clone.toString());
    git(
        clone,
        "-c",
        "user.name=Demo User",
        "-c",
        "user.email=demo@example.com",
        "revert",
        "--no-edit",
        "HEAD");
    git(clone, "push", "--quiet", "origin", "HEAD:" + BRANCH);
    String pushed = git(clone, "rev-parse", "HEAD").trim();
    ObjectId head = head();
    if (!head.name().equals(pushed)) {
      throw new IllegalStateException("pushed " + pushed + " but main is at " + head.name());
    }
    return head;
  }

  private static String git(Path directory, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command + " (is git installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    server.close();
    repository.close();
  }
}
