package io.capstan.testing.tools;

import io.capstan.local.kube.KubeBinaryProvisioner;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line tools that tests use as oracles, built once per machine from the Go module pinned in
 * {@code src/main/go-tools} (shipped in this jar) and cached beside the Kubernetes binaries: {@code
 * <cache root>/tools-<digest of go.mod+go.sum>/<tool>}. The cache root, the Go module and build
 * caches and the locking are the same as {@link KubeBinaryProvisioner}'s, so concurrent JVMs build
 * a tool once.
 *
 * <pre>{@code
 * Path sops = TestTools.sops();   // $CAPSTAN_SOPS, else cached, else go build
 * }</pre>
 */
public final class TestTools {

  /** Environment variable naming an existing {@code sops} executable (skips the build). */
  public static final String SOPS_ENV = "CAPSTAN_SOPS";

  static final String GO_MODULE_RESOURCE = "io/capstan/testing/tools/go";
  private static final List<String> MODULE_FILES = List.of("go.mod", "go.sum", "tools.go");
  private static final String SOPS_MODULE = "github.com/getsops/sops/v3";
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(60);
  private static final ReentrantLock IN_JVM_LOCK = new ReentrantLock();

  private TestTools() {}

  /**
   * The {@code sops} CLI at the version pinned in {@code go-tools/go.mod}: {@value #SOPS_ENV} when
   * set, else the cached build, else built now with the machine's {@code go} (progress on stderr).
   *
   * @throws IllegalStateException with the Go output when the build fails or no {@code go} exists
   */
  public static Path sops() {
    String override = System.getenv(SOPS_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    return build(
        "sops", SOPS_MODULE + "/cmd/sops", line -> System.err.println("[capstan-tools] " + line));
  }

  /** The version of sops pinned by the shipped Go module, e.g. {@code 3.13.3}. */
  public static String sopsVersion() {
    Matcher m =
        Pattern.compile("(?m)^\\s*(?:require\\s+)?" + Pattern.quote(SOPS_MODULE) + "\\s+v(\\S+)")
            .matcher(resource("go.mod"));
    if (!m.find()) {
      throw new IllegalStateException("go-tools/go.mod does not require " + SOPS_MODULE);
    }
    return m.group(1);
  }

  /** The cache folder of the tools built from the shipped Go module. */
  public static Path cacheDirectory() {
    return cacheRoot().resolve("tools-" + digest(resource("go.mod") + "\n" + resource("go.sum")));
  }

  static Path build(String name, String goPackage, Consumer<String> progress) {
    Path target = cacheDirectory().resolve(name);
    if (Files.isExecutable(target)) {
      return target;
    }
    IN_JVM_LOCK.lock();
    try {
      Files.createDirectories(cacheRoot());
      Path lockFile = cacheRoot().resolve(cacheDirectory().getFileName() + ".lock");
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          progress.accept("another JVM is building the test tools; waiting for " + lockFile);
          lock = channel.lock();
        }
        try {
          if (!Files.isExecutable(target)) {
            goBuild(name, goPackage, target, progress);
          }
        } finally {
          lock.release();
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      IN_JVM_LOCK.unlock();
    }
  }

  private static void goBuild(String name, String goPackage, Path target, Consumer<String> progress)
      throws IOException {
    Path go =
        findGo(System.getenv("PATH"), System.getenv("GOROOT"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot build the test tool "
                            + name
                            + ": no `go` executable (Go >= 1.26) on PATH; set "
                            + SOPS_ENV
                            + " to an installed sops instead"));
    Path work = Files.createTempDirectory(cacheRoot(), "tools.src-");
    Path partial = Files.createTempDirectory(cacheRoot(), "tools.partial-");
    try {
      for (String file : MODULE_FILES) {
        Files.writeString(work.resolve(file), resource(file));
      }
      List<String> command =
          List.of(
              go.toString(),
              "build",
              "-trimpath",
              "-ldflags=-s -w",
              "-o",
              partial.resolve(name).toString(),
              goPackage);
      progress.accept(
          "building " + name + " (" + goPackage + ") into " + target + " (once per machine)");
      ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
      builder.redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.put("GOFLAGS", "-mod=mod -buildvcs=false");
      long start = System.nanoTime();
      Process process = builder.start();
      process.getOutputStream().close();
      Deque<String> tail = new ArrayDeque<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
        }
      }
      if (!process.waitFor(BUILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "go build of " + name + " did not finish in " + BUILD_LIMIT);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "go build of "
                + name
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + String.join("\n", tail));
      }
      Files.createDirectories(target.getParent());
      Files.move(partial.resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
      progress.accept(
          String.format(
              "built %s in %ds", name, Duration.ofNanos(System.nanoTime() - start).toSeconds()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building " + name, e);
    } finally {
      deleteTree(work);
      deleteTree(partial);
    }
  }

  static Path cacheRoot() {
    // The same root KubeBinaryProvisioner uses ($CAPSTAN_KUBE_CACHE, $XDG_CACHE_HOME/capstan/kube,
    // ~/.cache/capstan/kube).
    return KubeBinaryProvisioner.fromEnvironment(line -> {}).cacheDirectory().getParent();
  }

  static Optional<Path> findGo(String pathVariable, String goRoot) {
    List<Path> candidates = new ArrayList<>();
    if (pathVariable != null) {
      for (String dir : pathVariable.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "go"));
        }
      }
    }
    if (goRoot != null && !goRoot.isBlank()) {
      candidates.add(Path.of(goRoot, "bin", "go"));
    }
    candidates.add(Path.of("/usr/local/go/bin/go"));
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  private static String resource(String file) {
    String name = GO_MODULE_RESOURCE + "/" + file;
    try (InputStream in = TestTools.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
