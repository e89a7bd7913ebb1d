package io.capstan.testing.tools;

import io.capstan.local.kube.GoProcess;
import io.capstan.local.kube.KubeBinaryProvisioner;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

  /** Environment variable naming an existing {@code flux} executable (skips the build). */
  public static final String FLUX_ENV = "CAPSTAN_FLUX";

  /** Environment variable naming an existing {@code helm} v4 executable (skips the build). */
  public static final String HELM_ENV = "CAPSTAN_HELM";

  static final String GO_MODULE_RESOURCE = "io/capstan/testing/tools/go";
  private static final List<String> MODULE_FILES = List.of("go.mod", "go.sum", "tools.go");
  private static final String SOPS_MODULE = "github.com/getsops/sops/v3";
  private static final String FLUX_MODULE = "github.com/fluxcd/flux2/v2";
  private static final String HELM_MODULE = "helm.sh/helm/v4";
  private static final String AGE_MODULE = "filippo.io/age";
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

  /**
   * The {@code age-keygen} CLI of the age module sops depends on (pinned by {@code
   * go-tools/go.mod}, e.g. age v1.3.1 with {@code -pq}): the cached build, else built now with the
   * machine's {@code go} (progress on stderr).
   *
   * @throws IllegalStateException with the Go output when the build fails or no {@code go} exists
   */
  public static Path ageKeygen() {
    return build(
        "age-keygen",
        AGE_MODULE + "/cmd/age-keygen",
        line -> System.err.println("[capstan-tools] " + line));
  }

  /** The version of age pinned by the shipped Go module, e.g. {@code 1.3.1}. */
  public static String ageVersion() {
    return requiredVersion(AGE_MODULE);
  }

  /** The version of sops pinned by the shipped Go module, e.g. {@code 3.13.3}. */
  public static String sopsVersion() {
    return requiredVersion(SOPS_MODULE);
  }

  /**
   * The {@code flux} CLI at the version pinned in {@code go-tools/go.mod}: {@value #FLUX_ENV} when
   * set, else the cached build, else built now (progress on stderr; cold, about 15 minutes on two
   * busy cores).
   *
   * <p>The module's {@code cmd/flux} embeds {@code manifests/*.yaml}, which Flux's release build
   * generates and the published module lacks, so a plain {@code go build} of it fails ("pattern
   * manifests/*.yaml: no matching files found"). The build therefore copies the downloaded module
   * into the work directory, adds one placeholder manifest there and points a {@code replace} at
   * the copy; every other file is the published v{@link #fluxVersion()}. Only {@code flux
   * install}/{@code bootstrap} read those manifests; tests do not use them. The binary reports
   * version {@code <fluxVersion>-test}: a pre-release, so {@code flux check} skips its query for
   * the latest release (no network in tests) as it does for development builds.
   *
   * @throws IllegalStateException with the Go output when the build fails or no {@code go} exists
   */
  public static Path flux() {
    String override = System.getenv(FLUX_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    return build(
        "flux",
        FLUX_MODULE + "/cmd/flux",
        "-X main.VERSION=" + fluxVersion() + "-test",
        TestTools::fluxSourceWithManifests,
        line -> System.err.println("[capstan-tools] " + line));
  }

  /**
   * The {@code helm} v4 CLI at the version pinned in {@code go-tools/go.mod} (helm-engine's
   * differential oracle): {@value #HELM_ENV} when set, else the cached build, else built now with
   * the machine's {@code go} (progress on stderr; a cold build takes several minutes).
   *
   * @throws IllegalStateException with the Go output when the build fails or no {@code go} exists
   */
  public static Path helm() {
    String override = System.getenv(HELM_ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    // as Helm's Makefile does: the version (`helm version`, .Capabilities.HelmVersion) is set at
    // link time, else it reads "v4.3"
    return build(
        "helm",
        HELM_MODULE + "/cmd/helm",
        "-X " + HELM_MODULE + "/internal/version.version=v" + helmVersion(),
        (work, go) -> {},
        line -> System.err.println("[capstan-tools] " + line));
  }

  /** The version of helm pinned by the shipped Go module, e.g. {@code 4.3.2}. */
  public static String helmVersion() {
    return requiredVersion(HELM_MODULE);
  }

  /** The version of the flux CLI pinned by the shipped Go module, e.g. {@code 2.9.4}. */
  public static String fluxVersion() {
    return requiredVersion(FLUX_MODULE);
  }

  private static String requiredVersion(String module) {
    Matcher m =
        Pattern.compile("(?m)^\\s*(?:require\\s+)?" + Pattern.quote(module) + "\\s+v(\\S+)")
            .matcher(resource("go.mod"));
    if (!m.find()) {
      throw new IllegalStateException("go-tools/go.mod does not require " + module);
    }
    return m.group(1);
  }

  /** The cache folder of the tools built from the shipped Go module. */
  public static Path cacheDirectory() {
    return cacheRoot().resolve("tools-" + digest(resource("go.mod") + "\n" + resource("go.sum")));
  }

  static Path build(String name, String goPackage, Consumer<String> progress) {
    return build(name, goPackage, "", (work, go) -> {}, progress);
  }

  /**
   * A step run in the build's work directory (holding the module files) before {@code go build}.
   */
  @FunctionalInterface
  interface SourcePreparation {
    void prepare(Path work, Path go) throws IOException, InterruptedException;
  }

  static Path build(
      String name,
      String goPackage,
      String extraLdflags,
      SourcePreparation preparation,
      Consumer<String> progress) {
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
            goBuild(name, goPackage, extraLdflags, preparation, target, progress);
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

  private static void goBuild(
      String name,
      String goPackage,
      String extraLdflags,
      SourcePreparation preparation,
      Path target,
      Consumer<String> progress)
      throws IOException {
    Path go =
        KubeBinaryProvisioner.findGo(System.getenv("PATH"), System.getenv("GOROOT"))
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
      preparation.prepare(work, go);
      List<String> command =
          List.of(
              go.toString(),
              "build",
              "-trimpath",
              ("-ldflags=-s -w " + extraLdflags).strip(),
              "-o",
              partial.resolve(name).toString(),
              goPackage);
      progress.accept(
          "building " + name + " (" + goPackage + ") into " + target + " (once per machine)");
      long start = System.nanoTime();
      GoProcess.run(command, work, BUILD_LIMIT, "go build of " + name, line -> {});
      Files.createDirectories(target.getParent());
      Files.move(partial.resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
      progress.accept(
          String.format(
              "built %s in %ds", name, Duration.ofNanos(System.nanoTime() - start).toSeconds()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building " + name, e);
    } finally {
      KubeBinaryProvisioner.deleteTree(work);
      KubeBinaryProvisioner.deleteTree(partial);
    }
  }

  /**
   * Copies the downloaded flux2 module into {@code work/flux2}, adds the placeholder manifest its
   * {@code //go:embed manifests/*.yaml} needs and replaces the module by the copy.
   */
  private static void fluxSourceWithManifests(Path work, Path go)
      throws IOException, InterruptedException {
    String json = runGo(work, go, "mod", "download", "-json", FLUX_MODULE + "@v" + fluxVersion());
    Matcher dir = Pattern.compile("\"Dir\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    if (!dir.find()) {
      throw new IllegalStateException(
          "go mod download did not name the flux2 module's Dir:\n" + json);
    }
    Path source = Path.of(dir.group(1));
    Path copy = work.resolve("flux2");
    try (var walk = Files.walk(source)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path to = copy.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to); // without the module cache's read-only attributes
        }
      }
    }
    Path manifests = copy.resolve("cmd/flux/manifests");
    Files.createDirectories(manifests);
    Files.writeString(
        manifests.resolve("placeholder.yaml"),
        "# Placeholder: Flux's release build generates these manifests; Capstan's tests never run"
            + " `flux install`.\n");
    runGo(work, go, "mod", "edit", "-replace", FLUX_MODULE + "=./flux2");
  }

  private static String runGo(Path work, Path go, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(go.toString());
    command.addAll(List.of(args));
    StringBuilder output = new StringBuilder();
    GoProcess.run(
        command,
        work,
        Duration.ofMinutes(10),
        "`go " + String.join(" ", args) + "`",
        line -> output.append(line).append('\n'));
    return output.toString();
  }

  static Path cacheRoot() {
    // The same root KubeBinaryProvisioner uses ($CAPSTAN_KUBE_CACHE, $XDG_CACHE_HOME/capstan/kube,
    // ~/.cache/capstan/kube).
    return KubeBinaryProvisioner.fromEnvironment(line -> {}).cacheDirectory().getParent();
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
}
