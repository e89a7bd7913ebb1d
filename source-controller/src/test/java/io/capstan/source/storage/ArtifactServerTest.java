package io.capstan.source.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactServerTest {

  @TempDir Path tmp;
  ArtifactStorage storage;
  ArtifactServer server;
  Artifact artifact;
  byte[] content;

  @BeforeEach
  void setUp() throws Exception {
    storage = new ArtifactStorage(tmp.resolve("storage"), "localhost", RetentionPolicy.DEFAULT);
    server = ArtifactServer.start(storage.root(), "127.0.0.1:0");
    content = new byte[300_000]; // larger than any socket buffer: the body is streamed
    new Random(7).nextBytes(content);
    artifact =
        storage.write(
            storage.newArtifact(
                new ArtifactOwner("GitRepository", "flux-system", "app"), "r", "abc.tar.gz"),
            new ByteArrayInputStream(content));
    Files.writeString(tmp.resolve("secret.txt"), "outside the storage");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  RawHttp.Response get(String target, String... headers) throws Exception {
    return RawHttp.send(server.address(), "GET", target, headers);
  }

  @Test
  @DisplayName("serves the exact bytes with Content-Length and the digest as ETag")
  void servesArtifact() throws Exception {
    RawHttp.Response response = get("/" + artifact.getPath());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(content.length));
    assertThat(response.header("ETag")).isEqualTo("\"" + artifact.getDigest() + "\"");
    assertThat(response.header("Content-Type")).isEqualTo("application/gzip");
  }

  @Test
  @DisplayName("HEAD gives the headers of GET and no body")
  void head() throws Exception {
    RawHttp.Response response = RawHttp.send(server.address(), "HEAD", "/" + artifact.getPath());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(content.length));
    assertThat(response.header("ETag")).isEqualTo("\"" + artifact.getDigest() + "\"");
  }

  @ParameterizedTest(name = "If-None-Match: {0} → {1}")
  @DisplayName("If-None-Match with the current ETag (weak or in a list) answers 304 without body")
  @CsvSource(
      delimiter = '|',
      value = {
        "CURRENT | 304",
        "W/CURRENT | 304",
        "\"sha256:0000\", CURRENT | 304",
        "* | 304",
        "\"sha256:0000\" | 200"
      })
  void conditionalGet(String ifNoneMatch, int status) throws Exception {
    String tag = "\"" + artifact.getDigest() + "\"";
    RawHttp.Response response =
        get("/" + artifact.getPath(), "If-None-Match: " + ifNoneMatch.replace("CURRENT", tag));

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("ETag")).isEqualTo(tag);
    assertThat(response.body()).hasSize(status == 304 ? 0 : content.length);
  }

  @Test
  @DisplayName("a replaced artifact gets a new ETag")
  void etagFollowsContent() throws Exception {
    String before = get("/" + artifact.getPath()).header("ETag");
    Artifact replaced = storage.write(artifact, new ByteArrayInputStream(new byte[] {1, 2, 3}));

    RawHttp.Response after = get("/" + artifact.getPath(), "If-None-Match: " + before);

    assertThat(after.status()).isEqualTo(200);
    assertThat(after.header("ETag")).isEqualTo("\"" + replaced.getDigest() + "\"");
    assertThat(after.body()).containsExactly(1, 2, 3);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @DisplayName("never lists directories nor leaves the storage root")
  @CsvSource({
    "/, 404",
    "/gitrepository, 404",
    "/gitrepository/flux-system/app, 404",
    "/gitrepository/flux-system/app/, 400",
    "/gitrepository/flux-system/app/missing.tar.gz, 404",
    "/gitrepository/flux-system/app/.lock, 404",
    "/../secret.txt, 400",
    "/gitrepository/../../secret.txt, 400",
    "/%2e%2e/secret.txt, 400",
    "/%2E%2E/secret.txt, 400",
    "/gitrepository/%2e%2e/%2e%2e/secret.txt, 400",
    "/..%2fsecret.txt, 400",
    "/%2fetc%2fpasswd, 400",
    "//etc/passwd, 400",
    "/gitrepository/flux-system/app/abc.tar.gz%00, 400",
    "/%zz, 400",
    "/..%5csecret.txt, 400"
  })
  void refusesEscapesAndListings(String target, int status) throws Exception {
    RawHttp.Response response = get(target);
    assertThat(response.status()).isEqualTo(status);
    assertThat(new String(response.body())).doesNotContain("outside the storage", "abc.tar.gz");
  }

  @Test
  @DisplayName("a symlink leading outside the root is not followed; one inside the root is")
  void symlinks() throws Exception {
    Path dir = storage.localPath(artifact).getParent();
    Files.createSymbolicLink(dir.resolve("escape.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(dir.resolve("latest.tar.gz"), storage.localPath(artifact));

    assertThat(get("/gitrepository/flux-system/app/escape.txt").status()).isEqualTo(404);
    RawHttp.Response latest = get("/gitrepository/flux-system/app/latest.tar.gz");
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.body()).isEqualTo(content);
  }

  @Test
  @DisplayName("methods other than GET and HEAD get 405")
  void onlyReads() throws Exception {
    RawHttp.Response response = RawHttp.send(server.address(), "DELETE", "/" + artifact.getPath());
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(storage.exists(artifact)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("parses --storage-addr forms")
  @CsvSource({":9090, 0.0.0.0, 9090", "127.0.0.1:0, 127.0.0.1, 0", "[::1]:8080, ::1, 8080"})
  void parsesAddress(String address, String host, int port) {
    var parsed = ArtifactServer.parseAddress(address);
    assertThat(parsed.getPort()).isEqualTo(port);
    assertThat(parsed.getAddress().getHostAddress())
        .startsWith(host.equals("::1") ? "0:0:0:0:0:0:0:1" : host);
  }
}
