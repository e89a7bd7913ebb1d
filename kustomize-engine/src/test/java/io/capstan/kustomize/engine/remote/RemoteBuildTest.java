package io.capstan.kustomize.engine.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.testing.fault.FaultProxy;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote resources and bases against real servers on 127.0.0.1: toolkit-testing's Git smart-HTTP
 * server (JGit) and the JDK's HTTP server. Where kubectl is installed, its kustomize builds the
 * same overlay from the same servers and must print the same bytes.
 */
class RemoteBuildTest {

  private static final String BASE_V1 =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  version: one\n";
  private static final String BASE_V2 =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  version: two\n";
  private static final String KUSTOMIZATION = "resources:\n- cm.yaml\n";

  @TempDir Path tmp;
  private TestGitRepository repo;
  private GitHttpServer git;
  private HttpServer http;
  private final Map<String, byte[]> httpFiles = new LinkedHashMap<>();
  private final AtomicInteger httpRequests = new AtomicInteger();
  private volatile long httpDelayMillis;
  private RevCommit v1;
  private RevCommit v2;

  @BeforeEach
  void servers() throws IOException {
    repo = TestGitRepository.create(tmp.resolve("base.git"));
    v1 =
        repo.commit(
            "main",
            "v1",
            Map.of(
                "deploy/cm.yaml", BASE_V1,
                "deploy/kustomization.yaml", KUSTOMIZATION,
                "other/kustomization.yaml", "resources:\n- ../deploy\nnamePrefix: other-\n"));
    repo.lightweightTag("v1", v1);
    v2 = repo.commit("main", "v2", Map.of("deploy/cm.yaml", BASE_V2));
    repo.annotatedTag("v2", v2, "release two");
    git = GitHttpServer.builder().start();
    git.serve("base", repo.repository());

    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          httpRequests.incrementAndGet();
          try {
            Thread.sleep(httpDelayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = httpFiles.get(exchange.getRequestURI().getPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    git.close();
    repo.close();
  }

  private String gitUrl(String suffix) {
    return git.url("base") + suffix;
  }

  private String httpUrl(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  private Path overlay(String kustomization) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "overlay");
    Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
    return dir;
  }

  private static String build(Path dir) {
    return Kustomizer.render(Kustomizer.create().build(dir));
  }

  private static String build(Path dir, RemoteLoading remote) {
    return Kustomizer.render(
        Kustomizer.create(Kustomizer.Options.defaults().withRemote(remote)).build(dir));
  }

  @Test
  @DisplayName("a Git base at a tag (?ref=), a branch (?version=) and the remote HEAD")
  void gitBaseAtRefs() throws Exception {
    Path atTag = overlay("resources:\n- " + gitUrl("//deploy?ref=v1") + "\nnamePrefix: p-\n");
    assertThat(build(atTag)).contains("name: p-settings").contains("version: one");

    Path annotated = overlay("resources:\n- " + gitUrl("//deploy?version=v2") + "\n");
    assertThat(build(annotated)).contains("version: two");

    Path head = overlay("resources:\n- " + gitUrl("/deploy") + "\n");
    assertThat(build(head)).contains("version: two");

    Path commit = overlay("resources:\n- " + gitUrl("//deploy?ref=" + v1.name()) + "\n");
    assertThat(build(commit)).contains("version: one");

    Path shortCommit =
        overlay("resources:\n- " + gitUrl("//deploy?ref=" + v1.name().substring(0, 10)) + "\n");
    assertThat(build(shortCommit)).contains("version: one");

    assertSameAsKubectl(atTag);
    assertSameAsKubectl(annotated);
    assertSameAsKubectl(head);
  }

  @Test
  @DisplayName("bases inside a cloned repository load relative to it")
  void relativeBaseInsideClone() throws Exception {
    Path dir = overlay("resources:\n- " + gitUrl("//other?ref=v1") + "\n");
    assertThat(build(dir)).contains("name: other-settings").contains("version: one");
    assertSameAsKubectl(dir);
  }

  @Test
  @DisplayName("one clone per repository and ref in a build, and a shallow one")
  void clonedOncePerBuild() throws Exception {
    Path dir =
        overlay(
            "resources:\n- "
                + gitUrl("//deploy?ref=v1")
                + "\n- "
                + gitUrl("//other?ref=v1&timeout=30")
                + "\n");
    // The two bases emit the same ConfigMap under different names (other- prefix).
    String out = build(dir);
    assertThat(out).contains("name: settings").contains("name: other-settings");
    assertThat(git.requests().uploadPacks()).isEqualTo(1);

    try (RemoteFetcher fetcher = new RemoteFetcher(RemoteLoading.enabled())) {
      Path clone = fetcher.clone(RepoSpec.parse(gitUrl("//deploy?ref=v1")).orElseThrow());
      assertThat(fetcher.clone(RepoSpec.parse(gitUrl("//other?ref=v1")).orElseThrow()))
          .isEqualTo(clone);
      assertThat(fetcher.cloneCount()).isEqualTo(1);
      assertThat(clone.resolve(".git/shallow")).exists();
      assertThat(Files.readString(clone.resolve(".git/shallow")).trim()).isEqualTo(v1.name());
      fetcher.close();
      assertThat(clone).doesNotExist();
    }
  }

  @Test
  @DisplayName("an HTTP(S) file in resources, fetched once per build")
  void httpFile() throws Exception {
    httpFiles.put("/cm.yaml", BASE_V1.getBytes(StandardCharsets.UTF_8));
    Path dir =
        overlay(
            "resources:\n- "
                + httpUrl("/cm.yaml")
                + "\npatches:\n- path: "
                + httpUrl("/cm.yaml")
                + "\nnamespace: web\n");
    assertThat(build(dir)).contains("namespace: web").contains("version: one");
    assertThat(httpRequests).hasValue(1);
    httpRequests.set(0);
    assertSameAsKubectl(dir);
  }

  @Test
  @DisplayName(
      "clear errors: HTTP status, size limits, timeouts, unknown refs, paths and repositories")
  void errors() throws Exception {
    Path missing = overlay("resources:\n- " + httpUrl("/nope.yaml") + "\n");
    assertThatThrownBy(() -> build(missing))
        .isInstanceOf(KustomizeException.class)
        .hasMessageContaining("HTTP Error: status code 404 (Not Found)")
        .hasMessageContaining("/nope.yaml");

    httpFiles.put("/big.yaml", ("# " + "x".repeat(4096) + "\n" + BASE_V1).getBytes());
    Path big = overlay("resources:\n- " + httpUrl("/big.yaml") + "\n");
    assertThatThrownBy(() -> build(big, RemoteLoading.enabled().withLimits(1024, 1 << 20)))
        .hasMessageContaining("larger than the limit of 1024 bytes");

    httpFiles.put("/slow.yaml", BASE_V1.getBytes());
    httpDelayMillis = 3000;
    Path slow = overlay("resources:\n- " + httpUrl("/slow.yaml") + "\n");
    assertThatThrownBy(
            () -> build(slow, RemoteLoading.enabled().withHttpTimeout(Duration.ofMillis(500))))
        .hasMessageContaining("no response within 500ms");
    httpDelayMillis = 0;

    Path badRef = overlay("resources:\n- " + gitUrl("//deploy?ref=v9") + "\n");
    assertThatThrownBy(() -> build(badRef))
        .hasMessageContaining("git ref 'v9' not found in '" + git.url("base") + "'");

    Path badPath = overlay("resources:\n- " + gitUrl("//nowhere?ref=v1") + "\n");
    assertThatThrownBy(() -> build(badPath))
        .hasMessageContaining("not a valid directory")
        .hasMessageContaining("nowhere");

    Path badRepo = overlay("resources:\n- " + git.url("missing").toString() + "//deploy?ref=v1\n");
    assertThatThrownBy(() -> build(badRepo)).hasMessageContaining("cloning '" + git.url("missing"));

    Path tooBig = overlay("resources:\n- " + gitUrl("//deploy?ref=v1") + "\n");
    assertThatThrownBy(() -> build(tooBig, RemoteLoading.enabled().withLimits(1 << 20, 200)))
        .hasMessageContaining("larger than the limit of 200 bytes");
  }

  @Test
  @DisplayName("a password in a remote URL never appears in the error")
  void passwordsRedacted() throws Exception {
    String withPassword =
        git.url("missing").toString().replace("http://", "http://bot:s3cr3t@") + "//deploy";
    Path dir = overlay("resources:\n- " + withPassword + "\n");
    assertThatThrownBy(() -> build(dir))
        .hasMessageContaining("bot:***@")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"))
        .satisfies(e -> assertThat(e.getCause()).isNull());
    httpFiles.clear();
    Path file =
        overlay(
            "resources:\n- " + httpUrl("/x.yaml").replace("http://", "http://bot:s3cr3t@") + "\n");
    assertThatThrownBy(() -> build(file))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").contains("bot:***@"));
  }

  @Test
  @DisplayName("a Git server slower than ?timeout= fails the build with a timeout")
  void gitTimeout() throws Exception {
    try (FaultProxy proxy = FaultProxy.to("127.0.0.1", git.port())) {
      proxy.latency(Duration.ofSeconds(3));
      String url = proxy.rewrite(URI.create(git.url("base").toString())) + "//deploy?timeout=1";
      Path dir = overlay("resources:\n- " + url + "\n");
      long start = System.nanoTime();
      assertThatThrownBy(() -> build(dir))
          .hasMessageContaining("cloning")
          .hasMessageContaining("time");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  @DisplayName("no-remote-bases refuses Git repositories before cloning, still reads HTTP files")
  void noRemoteBases() throws Exception {
    Path base = overlay("resources:\n- " + gitUrl("//deploy?ref=v1") + "\n");
    assertThatThrownBy(() -> build(base, RemoteLoading.noRemoteBases()))
        .hasMessageContaining("fs-security-constraint")
        .hasMessageContaining("remote bases are disabled (no-remote-bases)")
        .hasMessageContaining(gitUrl("//deploy?ref=v1"));
    for (String form :
        List.of("github.com/org/repo/deploy", "git@github.com:org/repo//x", "ssh://git@h/o/r")) {
      Path other = overlay("resources:\n- " + form + "\n");
      assertThatThrownBy(() -> build(other, RemoteLoading.noRemoteBases()))
          .hasMessageContaining("remote bases are disabled");
    }
    Path component = overlay("components:\n- " + gitUrl("//deploy?ref=v1") + "\n");
    assertThatThrownBy(() -> build(component, RemoteLoading.noRemoteBases()))
        .hasMessageContaining("remote bases are disabled");
    assertThat(git.requests().uploadPacks()).isZero();
    assertThat(git.requests().refAdvertisements()).isZero();

    httpFiles.put("/cm.yaml", BASE_V1.getBytes());
    Path file = overlay("resources:\n- " + httpUrl("/cm.yaml") + "\n");
    assertThat(build(file, RemoteLoading.noRemoteBases())).contains("version: one");

    assertThatThrownBy(() -> build(file, RemoteLoading.disabled()))
        .hasMessageContaining("remote loading is disabled");
    assertThat(httpRequests).hasValue(1);
  }

  @Test
  @DisplayName("a repository that includes itself is a cycle")
  void cycle() throws Exception {
    String self = gitUrl("//loop?ref=main");
    repo.commit("main", "loop", Map.of("loop/kustomization.yaml", "resources:\n- " + self + "\n"));
    Path dir = overlay("resources:\n- " + self + "\n");
    assertThatThrownBy(() -> build(dir)).hasMessageContaining("cycle detected");
  }

  @Test
  @DisplayName("a base in a clone may not leave the repository")
  void containment() throws Exception {
    repo.commit(
        "main",
        "escape",
        Map.of("escape/kustomization.yaml", "resources:\n- " + "../".repeat(12) + "usr\n"));
    Path dir = overlay("resources:\n- " + gitUrl("//escape?ref=main") + "\n");
    assertThatThrownBy(() -> build(dir))
        .hasMessageContaining(
            "security; bases in kustomizations found in cloned git repos must be within the repo");
  }

  @Test
  @DisplayName("Kustomizer.build(URL) builds a repository location, as kustomize build URL")
  void buildRepositoryUrl() {
    String out = Kustomizer.render(Kustomizer.create().build(gitUrl("//other?ref=v1")));
    assertThat(out).contains("name: other-settings").contains("version: one");
  }

  /** kubectl kustomize on the same overlay must print the same bytes (skipped without kubectl). */
  private void assertSameAsKubectl(Path dir) throws Exception {
    Assumptions.assumeTrue(kubectlAvailable(), "kubectl not on PATH");
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize " + dir).isZero();
    assertThat(build(dir)).isEqualTo(theirs);
  }

  static boolean kubectlAvailable() {
    try {
      Process p =
          new ProcessBuilder("kubectl", "version", "--client")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
