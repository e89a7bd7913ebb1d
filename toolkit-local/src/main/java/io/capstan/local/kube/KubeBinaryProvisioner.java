package io.capstan.local.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Finds or makes the Kubernetes executables a test control plane needs, trying in order:
 *
 * <ol>
 *   <li>the directory named by {@value #BINARIES_ENV};
 *   <li>the per-user cache, {@code $CAPSTAN_KUBE_CACHE} or {@code $XDG_CACHE_HOME/capstan/kube} or
 *       {@code ~/.cache/capstan/kube}, in a folder named after the pinned versions;
 *   <li>the official, checksummed release binaries ({@link ReleaseSources}: dl.k8s.io for the
 *       Kubernetes components, the etcd and kwok GitHub releases), verified and moved into the
 *       cache; a binary whose download or checksum fails is left to the next sources;
 *   <li>fabric8 kube-api-test's envtest download ({@code etcd} and {@code kube-apiserver} only),
 *       bounded by a timeout;
 *   <li>a {@code go build} of our pinned Go module with the machine's {@code go}, into the cache,
 *       of only the binaries still missing.
 * </ol>
 *
 * <p>A file lock in the cache makes concurrent JVMs wait for one build instead of building twice.
 */
public final class KubeBinaryProvisioner {

  /** Environment variable naming a directory that already holds the executables. */
  public static final String BINARIES_ENV = "CAPSTAN_KUBE_BINARIES";

  /** Environment variable overriding the cache root. */
  public static final String CACHE_ENV = "CAPSTAN_KUBE_CACHE";

  /** System property: {@code false} skips the envtest download. */
  public static final String DOWNLOAD_PROPERTY = "capstan.kube.download";

  /** System property: seconds the envtest download may take (default 120). */
  public static final String DOWNLOAD_TIMEOUT_PROPERTY = "capstan.kube.download.timeoutSeconds";

  private static final Set<KubeBinary> DOWNLOADABLE =
      EnumSet.of(KubeBinary.ETCD, KubeBinary.KUBE_APISERVER);
  private static final ReentrantLock IN_JVM_LOCK = new ReentrantLock();

  /**
   * Where to look and what to try.
   *
   * @param binariesDirectory the directory from {@value #BINARIES_ENV}, if set
   * @param cacheRoot root of the per-user cache
   * @param releases where the official release binaries come from; empty disables that download
   * @param downloadTimeout bound on the envtest download; empty disables the download
   * @param goCommand the {@code go} executable, if one was found
   * @param versions the pinned versions (name the cache folder)
   * @param progress receives human-readable progress lines
   */
  public record Settings(
      Optional<Path> binariesDirectory,
      Path cacheRoot,
      Optional<ReleaseSources> releases,
      Optional<Duration> downloadTimeout,
      Optional<Path> goCommand,
      KubeBinaryVersions versions,
      Consumer<String> progress) {}

  private final Settings settings;

  /** A provisioner using the given settings (tests use this to simulate a bare machine). */
  public KubeBinaryProvisioner(Settings settings) {
    this.settings = settings;
  }

  /** A provisioner configured from the environment variables and system properties above. */
  public static KubeBinaryProvisioner fromEnvironment() {
    return fromEnvironment(line -> System.err.println("[capstan-kube] " + line));
  }

  /**
   * Like {@link #fromEnvironment()}, with every human-readable progress line (download, Go build,
   * waiting for another JVM's build) sent to {@code progress} instead of stderr.
   */
  public static KubeBinaryProvisioner fromEnvironment(Consumer<String> progress) {
    Map<String, String> env = System.getenv();
    Optional<Path> binaries =
        Optional.ofNullable(env.get(BINARIES_ENV)).filter(s -> !s.isBlank()).map(Path::of);
    Path cacheRoot;
    if (env.get(CACHE_ENV) != null && !env.get(CACHE_ENV).isBlank()) {
      cacheRoot = Path.of(env.get(CACHE_ENV));
    } else if (env.get("XDG_CACHE_HOME") != null && !env.get("XDG_CACHE_HOME").isBlank()) {
      cacheRoot = Path.of(env.get("XDG_CACHE_HOME"), "capstan", "kube");
    } else {
      cacheRoot = Path.of(System.getProperty("user.home"), ".cache", "capstan", "kube");
    }
    Optional<Duration> download =
        Boolean.parseBoolean(System.getProperty(DOWNLOAD_PROPERTY, "true"))
            ? Optional.of(Duration.ofSeconds(Long.getLong(DOWNLOAD_TIMEOUT_PROPERTY, 120L)))
            : Optional.empty();
    return new KubeBinaryProvisioner(
        new Settings(
            binaries,
            cacheRoot,
            ReleaseSources.fromEnvironment(env),
            download,
            GoModuleBuild.findGo(env.get("PATH"), env.get("GOROOT")),
            KubeBinaryVersions.pinned(),
            progress));
  }

  /** The folder of the per-user cache that holds binaries built from the pinned Go module. */
  public Path cacheDirectory() {
    return settings.cacheRoot().resolve(settings.versions().cacheKey());
  }

  /**
   * Returns a path for every required binary, downloading or building only the missing ones.
   *
   * @throws IllegalStateException naming every way to provide the binaries when none worked
   */
  public KubeBinaries provision(Set<KubeBinary> required) {
    Map<KubeBinary, Path> found = new EnumMap<>(KubeBinary.class);
    settings.binariesDirectory().ifPresent(dir -> collect(dir, required, found));
    collect(cacheDirectory(), required, found);
    if (found.keySet().containsAll(required)) {
      return new KubeBinaries(found);
    }
    StringBuilder failures = new StringBuilder();
    IN_JVM_LOCK.lock();
    try {
      Files.createDirectories(settings.cacheRoot());
      Path lockFile = settings.cacheRoot().resolve(settings.versions().cacheKey() + ".lock");
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          settings
              .progress()
              .accept("another JVM is provisioning the binaries; waiting for " + lockFile);
          lock = channel.lock();
        }
        try {
          provisionLocked(required, found, failures);
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      IN_JVM_LOCK.unlock();
    }
    return new KubeBinaries(found);
  }

  /** Under the cache lock: the cache again (another JVM may have filled it), then each source. */
  private void provisionLocked(
      Set<KubeBinary> required, Map<KubeBinary, Path> found, StringBuilder failures)
      throws IOException {
    collect(cacheDirectory(), required, found);
    if (found.keySet().containsAll(required)) {
      return;
    }
    downloadReleases(missing(required, found), failures);
    collect(cacheDirectory(), required, found);
    if (found.keySet().containsAll(required)) {
      return;
    }
    Set<KubeBinary> missing = missing(required, found);
    if (DOWNLOADABLE.containsAll(missing) && settings.downloadTimeout().isPresent()) {
      long start = System.nanoTime();
      settings.progress().accept("downloading envtest " + settings.versions().kubernetes());
      StringBuilder envtest = new StringBuilder();
      new EnvtestDownload(settings.cacheRoot().resolve("envtest"), settings.downloadTimeout().get())
          .fetch(settings.versions().kubernetes(), envtest)
          .ifPresent(dir -> collect(dir, required, found));
      if (found.keySet().containsAll(required)) {
        return;
      }
      settings
          .progress()
          .accept(
              envtest + String.format(" (after %d ms)", (System.nanoTime() - start) / 1_000_000));
      append(failures, envtest);
    } else if (settings.downloadTimeout().isEmpty()) {
      append(failures, "envtest download disabled (-D" + DOWNLOAD_PROPERTY + "=false)");
    } else {
      append(failures, "envtest download skipped: it has no " + missing);
    }
    if (settings.goCommand().isEmpty()) {
      throw new IllegalStateException(howToProvide("no `go` executable on PATH", failures));
    }
    try {
      build(missing);
    } catch (RuntimeException e) {
      throw new IllegalStateException(howToProvide(e.getMessage(), failures), e);
    }
    collect(cacheDirectory(), required, found);
    if (!found.keySet().containsAll(required)) {
      throw new IllegalStateException(
          howToProvide("the Go build did not produce every binary", failures));
    }
  }

  private void downloadReleases(Set<KubeBinary> missing, StringBuilder failures) {
    if (settings.releases().isEmpty()) {
      append(
          failures, "release download disabled (-D" + ReleaseSources.ENABLED_PROPERTY + "=false)");
      return;
    }
    Optional<ReleaseDownload> download =
        ReleaseDownload.forThisMachine(
            settings.releases().get(), settings.versions(), settings.progress());
    if (download.isEmpty()) {
      append(
          failures,
          "no official release binaries for "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch"));
      return;
    }
    long start = System.nanoTime();
    settings
        .progress()
        .accept(
            String.format(
                "downloading the official release binaries %s (Kubernetes %s, etcd %s, kwok %s)"
                    + " into %s",
                missing.stream().map(KubeBinary::fileName).toList(),
                settings.versions().kubernetes(),
                settings.versions().etcd(),
                settings.versions().kwok(),
                cacheDirectory()));
    Set<KubeBinary> fetched = download.get().fetch(missing, cacheDirectory(), failures);
    settings
        .progress()
        .accept(
            String.format(
                "release download: %d of %d binaries in %d ms",
                fetched.size(), missing.size(), (System.nanoTime() - start) / 1_000_000));
  }

  private static Set<KubeBinary> missing(Set<KubeBinary> required, Map<KubeBinary, Path> found) {
    Set<KubeBinary> missing = EnumSet.copyOf(required);
    missing.removeAll(found.keySet());
    return missing;
  }

  private static void append(StringBuilder failures, CharSequence failure) {
    if (failure.length() > 0) {
      failures.append(failures.length() == 0 ? "" : "; ").append(failure);
    }
  }

  /**
   * Builds only {@code missing} (an API-server-only run compiles two binaries, not five), in one
   * {@code go build} so shared packages compile once, then moves each into the cache atomically.
   */
  private void build(Set<KubeBinary> missing) throws IOException {
    Path target = cacheDirectory();
    Path work = Files.createTempDirectory(settings.cacheRoot(), target.getFileName() + ".src-");
    Path partial =
        Files.createTempDirectory(settings.cacheRoot(), target.getFileName() + ".partial-");
    settings
        .progress()
        .accept(
            String.format(
                "building %s (Kubernetes %s, etcd %s, kwok %s) from Go modules into %s (once per"
                    + " machine; set %s to skip)",
                missing.stream().map(KubeBinary::fileName).toList(),
                settings.versions().kubernetes(),
                settings.versions().etcd(),
                settings.versions().kwok(),
                target,
                BINARIES_ENV));
    try {
      new GoModuleBuild(settings.goCommand().get(), settings.versions(), settings.progress())
          .build(work, partial, missing);
      Files.createDirectories(target);
      for (KubeBinary binary : missing) {
        Path built = partial.resolve(binary.fileName());
        if (Files.isRegularFile(built)) {
          Files.move(
              built,
              target.resolve(binary.fileName()),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      deleteTree(work);
      deleteTree(partial);
    }
  }

  private String howToProvide(String reason, CharSequence earlierFailures) {
    return String.format(
        "Cannot provision the Kubernetes test binaries (%s): %s.%n"
            + "Provide them in one of these ways:%n"
            + "  1. set %s to a directory holding %s;%n"
            + "  2. put them in the cache directory %s;%n"
            + "  3. allow the download of the official release binaries (dl.k8s.io, GitHub releases"
            + " of etcd and kwok; base URLs set by -D%s, -D%s, -D%s);%n"
            + "  4. allow fabric8 kube-api-test to download envtest %s (needs internet; API-server"
            + " mode only);%n"
            + "  5. install Go >= 1.26 with access to the Go module proxy, so they are built"
            + " automatically.",
        reason,
        earlierFailures.length() == 0 ? "no other source had them" : earlierFailures,
        BINARIES_ENV,
        String.join(
            ", ", java.util.Arrays.stream(KubeBinary.values()).map(KubeBinary::fileName).toList()),
        cacheDirectory(),
        ReleaseSources.KUBERNETES_PROPERTY,
        ReleaseSources.ETCD_PROPERTY,
        ReleaseSources.KWOK_PROPERTY,
        settings.versions().kubernetes());
  }

  private static void collect(Path dir, Set<KubeBinary> required, Map<KubeBinary, Path> found) {
    for (KubeBinary binary : required) {
      Path candidate = dir.resolve(binary.fileName());
      if (!found.containsKey(binary)
          && Files.isRegularFile(candidate)
          && Files.isExecutable(candidate)) {
        found.put(binary, candidate);
      }
    }
  }

  /**
   * The {@code go} command the binaries are built with: the first executable {@code go} in an entry
   * of {@code pathVariable}, then {@code $GOROOT/bin/go}, then {@code /usr/local/go/bin/go}. Public
   * so that other Go builds of pinned modules (toolkit-testing's test tools) find the same one.
   */
  public static Optional<Path> findGo(String pathVariable, String goRoot) {
    return GoModuleBuild.findGo(pathVariable, goRoot);
  }

  /** Deletes a directory tree, best effort (a leftover temporary file is not an error). */
  public static void deleteTree(Path root) {
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
                  // best effort: a leftover temp file must not fail a test run
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
