package io.capstan.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.testing.s3.S3Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fetch layer on its own, against the real S3 fixture (and one crafted listing). */
class BucketFetchTest {

  @RegisterExtension static final S3Server S3 = S3Server.builder().build();

  @TempDir Path dir;

  static BucketClient client(String endpoint) {
    return client(endpoint, Duration.ofSeconds(10));
  }

  /** {@code timeout} bounds each fetch phase as a whole (index, downloads), as Flux. */
  static BucketClient client(String endpoint, Duration timeout) {
    return BucketClient.create(
        new BucketSettings(
            endpoint,
            true,
            "",
            new BucketSettings.Credentials(S3.accessKey(), S3.secretKey()),
            false,
            null,
            null,
            null,
            timeout));
  }

  @Test
  @DisplayName("the revision is Flux's: sha256 over sorted 'key etag' lines of the kept objects")
  void revisionAndDownload() throws Exception {
    S3.createBucket("fetch-rev");
    Map<String, String> etags = new TreeMap<>();
    etags.put("b.yaml", S3.putObject("fetch-rev", "b.yaml", "b"));
    etags.put("a/x.yaml", S3.putObject("fetch-rev", "a/x.yaml", "x"));
    S3.putObject("fetch-rev", "a/skip.txt", "s");
    try (BucketClient c = client(S3.endpoint())) {
      BucketFetch fetch = new BucketFetch(c, "fetch-rev", null, "*.txt\n", dir, 4, 1 << 20);
      EtagIndex index = fetch.index();
      assertThat(index.snapshot()).isEqualTo(etags);
      StringBuilder lines = new StringBuilder();
      etags.forEach((k, v) -> lines.append(k).append(' ').append(v).append('\n'));
      assertThat(index.revision())
          .isEqualTo(
              "sha256:"
                  + java.util.HexFormat.of()
                      .formatHex(
                          java.security.MessageDigest.getInstance("SHA-256")
                              .digest(lines.toString().getBytes(StandardCharsets.UTF_8))));
      assertThat(fetch.download(index)).isEqualTo(2);
      assertThat(dir.resolve("a/x.yaml")).hasContent("x");
      assertThat(dir.resolve("a/skip.txt")).doesNotExist();
    }
  }

  @Test
  @DisplayName("a missing bucket and a wrong key are precise failures")
  void failures() {
    try (BucketClient c = client(S3.endpoint())) {
      assertThatThrownBy(
              () -> new BucketFetch(c, "no-such-bucket", null, null, dir, 2, 1024).index())
          .isInstanceOf(BucketException.class)
          .hasMessage("bucket 'no-such-bucket' not found");
    }
    S3.createBucket("fetch-auth");
    try (BucketClient wrong =
        BucketClient.create(
            new BucketSettings(
                S3.endpoint(),
                true,
                null,
                new BucketSettings.Credentials(S3.accessKey(), "wrong-secret"),
                false,
                null,
                null,
                null,
                Duration.ofSeconds(10)))) {
      assertThatThrownBy(
              () -> new BucketFetch(wrong, "fetch-auth", null, null, dir, 2, 1024).index())
          .isInstanceOf(BucketException.class)
          .hasMessageStartingWith(
              "failed to confirm existence of 'fetch-auth' bucket: S3 error 403")
          .hasMessageNotContaining("wrong-secret");
    }
  }

  @Test
  @DisplayName("10,000 objects: index and parallel download")
  void tenThousand() throws Exception {
    S3.createBucket("fetch-10k");
    Map<String, byte[]> objects =
        IntStream.range(0, 10_000)
            .boxed()
            .collect(
                Collectors.toMap(
                    i -> "dir" + (i % 100) + "/obj-" + i + ".yaml",
                    i -> ("n: " + i + "\n").getBytes(StandardCharsets.UTF_8)));
    long seed = System.nanoTime();
    S3.putObjects("fetch-10k", objects, 16);
    long seeded = System.nanoTime();
    // spec.timeout bounds all 10,000 downloads together (~23 s here): 5m, as BucketBench.
    try (BucketClient c = client(S3.endpoint(), Duration.ofMinutes(5))) {
      BucketFetch fetch = new BucketFetch(c, "fetch-10k", null, null, dir, 16, 1 << 20);
      EtagIndex index = fetch.index();
      long indexed = System.nanoTime();
      assertThat(index.size()).isEqualTo(10_000);
      assertThat(fetch.download(index)).isEqualTo(10_000);
      long downloaded = System.nanoTime();
      assertThat(dir.resolve("dir7/obj-9907.yaml")).hasContent("n: 9907");
      System.out.printf(
          "10,000 objects: seed %d ms, index %d ms, download %d ms%n",
          (seeded - seed) / 1_000_000,
          (indexed - seeded) / 1_000_000,
          (downloaded - indexed) / 1_000_000);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "ok/a.yaml,",
    "../escape.yaml,has an empty",
    "x/../../escape.yaml,has an empty",
    "x/./a.yaml,has an empty",
    "x//a.yaml,has an empty",
    "/abs.yaml,is not a relative",
    "a\\b.yaml,is not a relative"
  })
  @DisplayName("object keys that would not stay below the download directory are refused")
  void unsafeKeys(String key, String problem) {
    String found = BucketFetch.unsafeKey(key);
    if (problem == null) {
      assertThat(found).isNull();
    } else {
      assertThat(found).startsWith(problem);
    }
  }

  @Test
  @DisplayName("a listing with a '../' key fails the index before anything is written")
  void traversalKeyInListing() throws Exception {
    // s3proxy refuses to store '..' keys, real S3 stores them: a minimal S3 listing endpoint.
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String query = ex.getRequestURI().getRawQuery();
          if (ex.getRequestMethod().equals("HEAD")) {
            respond(ex, 200, "");
          } else if (path.equals("/evil") && query != null && query.contains("list-type=2")) {
            respond(
                ex,
                200,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult"
                    + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>evil</Name>"
                    + "<KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
                    + "<Contents><Key>ok.yaml</Key><ETag>\"e1\"</ETag><Size>1</Size></Contents>"
                    + "<Contents><Key>x/../../escape.yaml</Key><ETag>\"e2\"</ETag><Size>1</Size></Contents>"
                    + "</ListBucketResult>");
          } else {
            respond(
                ex,
                404,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                    + "<Message>not found</Message></Error>");
          }
        });
    server.start();
    try (BucketClient c =
        BucketClient.create(
            new BucketSettings(
                "127.0.0.1:" + server.getAddress().getPort(),
                true,
                null,
                null,
                false,
                null,
                null,
                null,
                Duration.ofSeconds(10)))) {
      Path work = Files.createDirectories(dir.resolve("work"));
      assertThatThrownBy(() -> new BucketFetch(c, "evil", null, null, work, 2, 1024).index())
          .isInstanceOf(BucketException.class)
          .hasMessage(
              "indexation of objects from bucket 'evil' failed: object key 'x/../../escape.yaml'"
                  + " has an empty, '.' or '..' path segment");
      try (var files = Files.walk(dir)) {
        assertThat(files.filter(Files::isRegularFile).toList()).isEqualTo(List.of());
      }
    } finally {
      server.stop(0);
    }
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    if (ex.getRequestMethod().equals("HEAD") || bytes.length == 0) {
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }
}
