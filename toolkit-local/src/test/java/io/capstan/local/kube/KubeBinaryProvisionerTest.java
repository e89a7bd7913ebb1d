package io.capstan.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provisioning order and its failure messages, on a simulated machine. */
class KubeBinaryProvisionerTest {

  private static final KubeBinaryVersions VERSIONS =
      new KubeBinaryVersions("1.36.3", "3.6.8", "0.8.0", "abcdef012345");
  private static final Set<KubeBinary> API_SERVER =
      EnumSet.of(KubeBinary.ETCD, KubeBinary.KUBE_APISERVER);

  @TempDir Path tmp;
  private final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  private KubeBinaryProvisioner provisioner(Optional<Path> envDir, Optional<Path> go) {
    return new KubeBinaryProvisioner(
        new KubeBinaryProvisioner.Settings(
            envDir,
            tmp.resolve("cache"),
            Optional.empty(),
            Optional.empty(),
            go,
            VERSIONS,
            progress::add));
  }

  private static Path executable(Path file, String script) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static void fill(Path dir, Set<KubeBinary> binaries) throws IOException {
    for (KubeBinary binary : binaries) {
      executable(dir.resolve(binary.fileName()), "#!/bin/sh\n");
    }
  }

  @ParameterizedTest(
      name = "env dir holds [{0}], cache holds [{1}] -> etcd from {2}, apiserver from {3}")
  @CsvSource({
    "ETCD KUBE_APISERVER, ETCD KUBE_APISERVER, env,   env",
    "'',                  ETCD KUBE_APISERVER, cache, cache",
    "ETCD,                ETCD KUBE_APISERVER, env,   cache",
    "KUBE_APISERVER,      ETCD KUBE_APISERVER, cache, env",
  })
  @DisplayName("the env var directory wins over the cache, binary by binary")
  void resolutionOrder(String inEnv, String inCache, String etcdFrom, String apiFrom)
      throws IOException {
    Path env = tmp.resolve("env");
    Files.createDirectories(env);
    fill(env, parse(inEnv));
    KubeBinaryProvisioner provisioner = provisioner(Optional.of(env), Optional.empty());
    fill(provisioner.cacheDirectory(), parse(inCache));

    KubeBinaries binaries = provisioner.provision(API_SERVER);

    assertThat(binaries.path(KubeBinary.ETCD).getParent())
        .isEqualTo(etcdFrom.equals("env") ? env : provisioner.cacheDirectory());
    assertThat(binaries.path(KubeBinary.KUBE_APISERVER).getParent())
        .isEqualTo(apiFrom.equals("env") ? env : provisioner.cacheDirectory());
  }

  private static Set<KubeBinary> parse(String names) {
    Set<KubeBinary> set = EnumSet.noneOf(KubeBinary.class);
    for (String name : names.trim().split("\\s+")) {
      if (!name.isEmpty()) {
        set.add(KubeBinary.valueOf(name));
      }
    }
    return set;
  }

  @Test
  @DisplayName("without binaries, network or go it fails at once, saying how to provide them")
  void missingGoFailsFastWithInstructions() {
    KubeBinaryProvisioner provisioner = provisioner(Optional.empty(), Optional.empty());
    long start = System.nanoTime();

    assertThatThrownBy(() -> provisioner.provision(API_SERVER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no `go` executable")
        .hasMessageContaining(KubeBinaryProvisioner.BINARIES_ENV)
        .hasMessageContaining(provisioner.cacheDirectory().toString())
        .hasMessageContaining("download")
        .hasMessageContaining("Go >= 1.26");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("the Go build runs once, lands atomically in the cache and is reused")
  void goBuildFillsCacheOnce() throws IOException {
    Path calls = tmp.resolve("go-calls");
    // A stand-in for `go build`: writes every binary into the -o directory and logs the call.
    Path go =
        executable(
            tmp.resolve("bin/go"),
            "#!/bin/sh\n"
                + "echo \"$@\" >> '"
                + calls
                + "'\n"
                + "out=''; prev=''\n"
                + "for a in \"$@\"; do [ \"$prev\" = '-o' ] && out=\"$a\"; prev=\"$a\"; done\n"
                + "for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do\n"
                + "  printf '#!/bin/sh\\n' > \"$out/$b\"; chmod +x \"$out/$b\"; echo example.com/$b\n"
                + "done\n");
    KubeBinaryProvisioner provisioner = provisioner(Optional.empty(), Optional.of(go));

    KubeBinaries first = provisioner.provision(EnumSet.allOf(KubeBinary.class));
    KubeBinaries second = provisioner.provision(API_SERVER);

    assertThat(Files.readAllLines(calls)).hasSize(1);
    String call = Files.readAllLines(calls).get(0);
    assertThat(call)
        .startsWith("build -v -trimpath -ldflags=-s -w")
        .contains("k8s.io/component-base/version.gitVersion=v1.36.3")
        .contains("./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver");
    assertThat(first.paths()).hasSize(5);
    assertThat(first.path(KubeBinary.KWOK)).isEqualTo(provisioner.cacheDirectory().resolve("kwok"));
    assertThat(second.path(KubeBinary.ETCD)).isEqualTo(first.path(KubeBinary.ETCD));
    try (var leftovers = Files.list(tmp.resolve("cache"))) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains(".partial-") || name.contains(".src-"));
    }
    assertThat(progress).anyMatch(line -> line.contains("once per machine"));
  }

  @Test
  @DisplayName("a failing Go build reports go's own output and how else to provide the binaries")
  void goBuildFailureIsExplained() throws IOException {
    Path go =
        executable(
            tmp.resolve("bin/go"),
            "#!/bin/sh\necho 'go: k8s.io/kubernetes@v1.36.3: reading proxy: 404 Not Found'\nexit 1\n");
    KubeBinaryProvisioner provisioner = provisioner(Optional.empty(), Optional.of(go));

    assertThatThrownBy(() -> provisioner.provision(API_SERVER))
        .hasMessageContaining("go build failed with exit code 1")
        .hasMessageContaining("404 Not Found")
        .hasMessageContaining(KubeBinaryProvisioner.BINARIES_ENV);
    assertThat(provisioner.cacheDirectory()).doesNotExist();
  }

  @Test
  @DisplayName("the envtest download is abandoned when it exceeds its time bound")
  void downloadIsBounded() {
    StringBuilder failure = new StringBuilder();
    long start = System.nanoTime();

    Optional<Path> result =
        new EnvtestDownload(tmp.resolve("envtest"), Duration.ofMillis(1)).fetch("1.36.3", failure);

    assertThat(result).isEmpty();
    assertThat(failure.toString()).containsAnyOf("did not finish within", "download failed");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("go is found on PATH before the well-known install location")
  void findsGoOnPath() throws IOException {
    Path go = executable(tmp.resolve("bin/go"), "#!/bin/sh\n");
    assertThat(GoModuleBuild.findGo("/nonexistent:" + go.getParent(), null)).contains(go);
    Path wellKnown = Path.of("/usr/local/go/bin/go");
    assertThat(GoModuleBuild.findGo(tmp.resolve("empty").toString(), tmp.resolve("no").toString()))
        .isEqualTo(Files.isExecutable(wellKnown) ? Optional.of(wellKnown) : Optional.empty());
  }
}
