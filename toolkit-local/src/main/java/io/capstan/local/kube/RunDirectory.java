package io.capstan.local.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A temporary directory for one control plane (etcd data, certificates, logs, kubeconfig), named
 * after the owning JVM's pid. Creating one first removes the directories of JVMs that no longer run
 * and kills any process they recorded that survived them, so a killed test JVM leaves nothing
 * behind for longer than the next run.
 */
final class RunDirectory {

  private static final String PREFIX = "capstan-kube-";
  private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
  private static final String PIDS = "pids";

  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /** Reaps stale run directories under {@code tmp}, then creates a fresh one for this JVM. */
  static RunDirectory create(Path tmp) {
    reapStale(tmp);
    try {
      return new RunDirectory(
          Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path() {
    return path;
  }

  /** Records a child process so a later run can kill it if this JVM dies without cleaning up. */
  void recordPid(long pid, Path executable) {
    String line = pid + " " + executable.toAbsolutePath() + "\n";
    try {
      Files.writeString(
          path.resolve(PIDS),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** System property: {@code true} keeps run directories (logs, etcd data) for debugging. */
  static final String KEEP_PROPERTY = "capstan.kube.keepRunDirectory";

  /** Deletes the directory and everything in it, unless {@value #KEEP_PROPERTY} is set. */
  void delete() {
    if (Boolean.getBoolean(KEEP_PROPERTY)) {
      System.err.println("[capstan-kube] keeping " + path + " (-D" + KEEP_PROPERTY + ")");
      return;
    }
    KubeBinaryProvisioner.deleteTree(path);
  }

  static void reapStale(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        long owner = Long.parseLong(m.group(1));
        boolean ownerAlive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
        if (!ownerAlive) {
          killRecorded(dir.resolve(PIDS));
          if (!Boolean.getBoolean(KEEP_PROPERTY)) {
            KubeBinaryProvisioner.deleteTree(dir);
          }
        }
      }
    } catch (IOException e) {
      // best effort: an unreadable tmp must not stop the tests
    }
  }

  private static void killRecorded(Path pids) throws IOException {
    if (!Files.exists(pids)) {
      return;
    }
    List<String> lines = Files.readAllLines(pids, StandardCharsets.UTF_8);
    for (String line : lines) {
      String[] parts = line.split(" ", 2);
      if (parts.length != 2) {
        continue;
      }
      // Only kill the pid if it still runs the recorded executable (pids get reused).
      ProcessHandle.of(Long.parseLong(parts[0]))
          .filter(h -> h.info().command().map(parts[1]::equals).orElse(false))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
