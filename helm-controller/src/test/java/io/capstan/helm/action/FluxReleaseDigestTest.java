package io.capstan.helm.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.helm.release.FluxReleaseDigest;
import io.capstan.helm.release.HookExecution;
import io.capstan.helm.release.HookRecord;
import io.capstan.helm.release.Release;
import io.capstan.helm.release.ReleaseCodec;
import io.capstan.helm.release.SecretReleaseStorage;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.capstan.testing.tools.HelmCli;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flux's {@code status.history[].digest}: {@code sha256} of the JSON of its {@code ObservedRelease}
 * as Go encodes it. The expected text is spliced by hand from the JSON the real helm CLI stored
 * (Go's own encoding of each part), so key order, escaping and number formats are Go's, not ours.
 */
@WithKubernetes
class FluxReleaseDigestTest {

  @Test
  @DisplayName(
      "a helm-written record digests as Flux's ObservedRelease: info, chart metadata, config,"
          + " manifest, hooks without test hooks")
  void fixture() throws Exception {
    String raw;
    try (InputStream in =
        FluxReleaseDigestTest.class.getResourceAsStream("/releases/helm-v4.3.2-fixture.v1.txt")) {
      raw = decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Release release = ReleaseCodec.fromJson(raw);
    String expected = observedByHand(raw, "null");

    assertThat(expected).contains("\"fixture-pre\"").doesNotContain("\"fixture-smoke\"");
    assertThat(FluxReleaseDigest.observedJson(release)).isEqualTo(expected);
    assertThat(FluxReleaseDigest.of(release)).isEqualTo(sha256(expected));
    // The same digest from Go's encoding/json over Helm v4.3.2's own structs in Flux's
    // ObservedRelease shape (src/test/resources/releases/fluxdigest.go.txt).
    assertThat(FluxReleaseDigest.of(release))
        .isEqualTo("sha256:1d44c38ca54473b48ec2ef71a7f5fc7162747c4dcf902fd6cad702176541c6e6");
  }

  @Test
  @DisplayName(
      "a release installed by the helm CLI with labels, HTML characters and large numbers digests"
          + " as Flux would; running its tests does not change the digest")
  void helmCli(
      KubernetesClient client, KubeNamespace ns, KubeControlPlane plane, @TempDir Path home)
      throws Exception {
    HelmCli helm = new HelmCli(plane.kubeconfig(), home);
    helm.ok(
        "install",
        "web",
        Charts.dir("demo").toString(),
        "-n",
        ns.name(),
        "--set",
        "message=a<b && c>d",
        "--set-json",
        "numbers={\"ratio\":0.5,\"big\":1e21,\"tiny\":1e-7,\"count\":1000000,\"on\":true}",
        "--set-json",
        "tests=[{\"name\":\"smoke\"}]",
        "--labels",
        "tier=web,team=blue");
    Secret secret =
        client.secrets().inNamespace(ns.name()).withName("sh.helm.release.v1.web.v1").get();
    String raw = decode(new String(Base64.getDecoder().decode(secret.getData().get("release"))));
    Release stored = new SecretReleaseStorage(client, ns.name()).get("web", 1).orElseThrow();

    String expected = observedByHand(raw, "{\"team\":\"blue\",\"tier\":\"web\"}");
    assertThat(expected)
        .contains("a\\u003cb \\u0026\\u0026 c\\u003ed")
        .contains("\"big\":1e+21")
        .contains("\"tiny\":1e-7");
    assertThat(FluxReleaseDigest.observedJson(stored)).isEqualTo(expected);
    String digest = FluxReleaseDigest.of(stored);
    assertThat(digest).isEqualTo(sha256(expected));

    // what a test run records on the release: only test hooks change, so the digest does not
    Release tested = stored.copy();
    assertThat(tested.hooks()).anyMatch(HookRecord::isTest);
    tested.hooks().stream()
        .filter(HookRecord::isTest)
        .forEach(
            h ->
                h.lastRun()
                    .startedAt(Instant.now())
                    .completedAt(Instant.now())
                    .phase(HookExecution.PHASE_SUCCEEDED));
    assertThat(FluxReleaseDigest.of(tested)).isEqualTo(digest);
    tested.info().description("changed by hand");
    assertThat(FluxReleaseDigest.of(tested)).isNotEqualTo(digest);
  }

  /** Flux's ObservedRelease JSON assembled from the raw parts of helm's stored JSON. */
  private static String observedByHand(String raw, String labels) {
    Map<String, String> top = fields(raw);
    List<String> hooks = new ArrayList<>();
    for (String h : elements(top.getOrDefault("hooks", "[]"))) {
      if (!fields(h).getOrDefault("events", "[]").contains("\"test\"")) {
        hooks.add(h);
      }
    }
    return "{\"name\":"
        + top.get("name")
        + ",\"version\":"
        + top.get("version")
        + ",\"info\":"
        + top.get("info")
        + ",\"chartMetadata\":"
        + fields(top.get("chart")).get("metadata")
        + ",\"config\":"
        + top.getOrDefault("config", "null")
        + ",\"manifest\":"
        + top.get("manifest")
        + ",\"hooks\":"
        + (hooks.isEmpty() ? "null" : "[" + String.join(",", hooks) + "]")
        + ",\"namespace\":"
        + top.get("namespace")
        + ",\"labels\":"
        + labels
        + "}\n";
  }

  private static String decode(String data) throws Exception {
    byte[] gz = Base64.getDecoder().decode(data.strip());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String sha256(String text) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The raw text of each field of a compact JSON object. */
  private static Map<String, String> fields(String object) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 1;
    while (object.charAt(i) != '}') {
      int keyEnd = end(object, i);
      String key = object.substring(i + 1, keyEnd - 1);
      int valueEnd = end(object, keyEnd + 1);
      out.put(key, object.substring(keyEnd + 1, valueEnd));
      i = object.charAt(valueEnd) == ',' ? valueEnd + 1 : valueEnd;
    }
    return out;
  }

  /** The raw text of each element of a compact JSON array. */
  private static List<String> elements(String array) {
    List<String> out = new ArrayList<>();
    int i = 1;
    while (array.charAt(i) != ']') {
      int e = end(array, i);
      out.add(array.substring(i, e));
      i = array.charAt(e) == ',' ? e + 1 : e;
    }
    return out;
  }

  /** Where the JSON value starting at {@code i} ends (exclusive). */
  private static int end(String s, int i) {
    char c = s.charAt(i);
    if (c == '"') {
      int j = i + 1;
      while (s.charAt(j) != '"') {
        j += s.charAt(j) == '\\' ? 2 : 1;
      }
      return j + 1;
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      int j = i;
      do {
        char d = s.charAt(j);
        if (d == '"') {
          j = end(s, j);
          continue;
        }
        if (d == '{' || d == '[') {
          depth++;
        } else if (d == '}' || d == ']') {
          depth--;
        }
        j++;
      } while (depth > 0);
      return j;
    }
    int j = i;
    while (j < s.length() && ",}]".indexOf(s.charAt(j)) < 0) {
      j++;
    }
    return j;
  }
}
