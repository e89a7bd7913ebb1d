package io.capstan.testing.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The registry fixture itself: real responses, request log, auth challenges, stop/restart. */
class OciRegistryTest {

  @BeforeAll
  static void installed() {
    Assumptions.assumeTrue(OciRegistry.available(), "docker-registry is not installed");
  }

  private static HttpResponse<String> get(OciRegistry r, String path, String auth)
      throws Exception {
    // Distribution 2.8 answers 404 for an OCI manifest unless the client accepts the OCI type.
    HttpRequest.Builder b =
        HttpRequest.newBuilder(r.baseUri().resolve(path))
            .header("Accept", "application/vnd.oci.image.manifest.v1+json");
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return r.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("serves pushed artifacts, logs every request, keeps content across stop/restart")
  void anonymous() throws Exception {
    try (OciRegistry r = OciRegistry.builder().start()) {
      PushedArtifact a = r.pushArtifact("team/app", "v1", Map.of("a.yaml", "x"));
      r.clearRequests();
      HttpResponse<String> manifest = get(r, "/v2/team/app/manifests/v1", null);
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(a.digest());
      assertThat(manifest.body()).contains("application/vnd.cncf.flux.content.v1.tar+gzip");
      assertThat(get(r, "/v2/team/app/manifests/nope", null).statusCode()).isEqualTo(404);
      assertThat(r.requests())
          .containsExactly(
              new RegistryRequest("GET", "/v2/team/app/manifests/v1", 200),
              new RegistryRequest("GET", "/v2/team/app/manifests/nope", 404));

      r.stop();
      assertThat(r.isRunning()).isFalse();
      r.restart();
      assertThat(get(r, "/v2/team/app/manifests/" + a.digest(), null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("basic auth and token auth challenge anonymous clients the way real registries do")
  void challenges() throws Exception {
    try (OciRegistry basic = OciRegistry.builder().basicAuth("u", "p").start();
        OciRegistry token = OciRegistry.builder().tokenAuth("u", "p").start()) {
      HttpResponse<String> b = get(basic, "/v2/", null);
      assertThat(b.statusCode()).isEqualTo(401);
      assertThat(b.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
      assertThat(get(basic, "/v2/", basic.pushAuthorization("x")).statusCode()).isEqualTo(200);

      HttpResponse<String> t = get(token, "/v2/app/tags/list", null);
      assertThat(t.statusCode()).isEqualTo(401);
      assertThat(t.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer realm=\"http://127.0.0.1:")
          .contains("scope=\"repository:app:pull\"");
      token.pushArtifact("app", "v1", Map.of("a", "b"));
      assertThat(get(token, "/v2/app/tags/list", token.pushAuthorization("app")).body())
          .contains("\"v1\"");
    }
  }
}
