package io.capstan.local.kube;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Builds the requested {@link KubeBinary}s from our pinned Go module with the machine's {@code go},
 * in one {@code go build} invocation so the packages they share are compiled once.
 */
final class GoModuleBuild {

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(20);
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(90);

  private final Path goCommand;
  private final KubeBinaryVersions versions;
  private final Consumer<String> progress;

  GoModuleBuild(Path goCommand, KubeBinaryVersions versions, Consumer<String> progress) {
    this.goCommand = goCommand;
    this.versions = versions;
    this.progress = progress;
  }

  /**
   * Linker flags: strip symbols, and stamp the Kubernetes version into the binaries the way
   * Kubernetes' own release build does, so {@code /version} reports it instead of {@code v0.0.0}.
   */
  String linkerFlags() {
    String[] parts = versions.kubernetes().split("\\.");
    StringBuilder flags = new StringBuilder("-s -w");
    for (String pkg : List.of("k8s.io/component-base/version", "k8s.io/client-go/pkg/version")) {
      flags.append(" -X ").append(pkg).append(".gitVersion=v").append(versions.kubernetes());
      flags.append(" -X ").append(pkg).append(".gitMajor=").append(parts[0]);
      flags.append(" -X ").append(pkg).append(".gitMinor=").append(parts[1]);
      flags.append(" -X ").append(pkg).append(".gitTreeState=clean");
    }
    return flags.toString();
  }

  /**
   * Finds {@code go}: in each {@code PATH} entry, then in {@code $GOROOT/bin} and {@code
   * /usr/local/go/bin}.
   */
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

  /**
   * Extracts the Go module from the classpath into {@code workDir} and builds the requested
   * binaries into {@code outputDir}, the requested ones only.
   *
   * @throws IllegalStateException with the last lines of go's output when the build fails
   */
  void build(Path workDir, Path outputDir, java.util.Set<KubeBinary> binaries) {
    extractModule(workDir);
    List<String> command = new ArrayList<>();
    command.add(goCommand.toString());
    command.add("build");
    command.add("-v");
    command.add("-trimpath");
    command.add("-ldflags=" + linkerFlags());
    command.add("-o");
    command.add(outputDir.toAbsolutePath() + File.separator);
    for (KubeBinary binary : new java.util.TreeSet<>(binaries)) {
      command.add(binary.goPackage());
    }
    long start = System.nanoTime();
    progress.accept("running " + String.join(" ", command) + " in " + workDir);
    AtomicInteger packages = new AtomicInteger();
    AtomicInteger downloads = new AtomicInteger();
    ScheduledExecutorService reporter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "capstan-go-build-progress");
              t.setDaemon(true);
              return t;
            });
    reporter.scheduleAtFixedRate(
        () ->
            progress.accept(
                String.format(
                    "go build: %d modules downloaded, %d packages compiled, %ds elapsed (a cold"
                        + " build takes many minutes)",
                    downloads.get(),
                    packages.get(),
                    Duration.ofNanos(System.nanoTime() - start).toSeconds())),
        PROGRESS_EVERY.toSeconds(),
        PROGRESS_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    try {
      GoProcess.run(
          command,
          workDir,
          BUILD_LIMIT,
          "go build",
          line -> {
            if (line.startsWith("go: downloading ")) {
              downloads.incrementAndGet();
            } else if (!line.startsWith("#") && !line.contains(" ")) {
              packages.incrementAndGet();
            }
          });
      progress.accept(
          String.format(
              "go build finished: %d packages in %ds",
              packages.get(), Duration.ofNanos(System.nanoTime() - start).toSeconds()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + goCommand, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building Kubernetes binaries", e);
    } finally {
      reporter.shutdownNow();
    }
  }

  private static void extractModule(Path workDir) {
    List<ClasspathFolder.Entry> files =
        ClasspathFolder.read(
            GoModuleBuild.class.getClassLoader(), KubeBinaryVersions.GO_MODULE_RESOURCE);
    if (files.stream().noneMatch(f -> f.relativePath().equals("go.mod"))) {
      throw new IllegalStateException(
          "Go module missing from the classpath at " + KubeBinaryVersions.GO_MODULE_RESOURCE);
    }
    try {
      for (ClasspathFolder.Entry file : files) {
        Path target = workDir.resolve(file.relativePath());
        Files.createDirectories(target.getParent());
        Files.write(target, file.content());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
