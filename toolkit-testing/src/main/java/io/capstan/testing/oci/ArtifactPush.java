package io.capstan.testing.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fixture's own minimal pusher (monolithic blob uploads + manifest PUT), independent of the
 * client under test so that a client bug cannot hide behind the fixture.
 */
final class ArtifactPush {

  /** Flux's artifact config media type. */
  static final String FLUX_CONFIG = "application/vnd.cncf.flux.config.v1+json";

  /** Flux's artifact content (layer) media type. */
  static final String FLUX_CONTENT = "application/vnd.cncf.flux.content.v1.tar+gzip";

  private final OciRegistry registry;
  private final HttpClient http;

  ArtifactPush(OciRegistry registry, HttpClient http) {
    this.registry = registry;
    this.http = http;
  }

  PushedArtifact push(
      String repository,
      String tag,
      String mediaType,
      byte[] layer,
      Map<String, String> annotations) {
    String auth = registry.pushAuthorization(repository);
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    String configDigest = blob(repository, config, auth);
    String layerDigest = blob(repository, layer, auth);
    String ann =
        annotations.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
            .collect(Collectors.joining(","));
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\""
            + FLUX_CONFIG
            + "\",\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + config.length
            + "},"
            + "\"layers\":[{\"mediaType\":\""
            + mediaType
            + "\",\"digest\":\""
            + layerDigest
            + "\",\"size\":"
            + layer.length
            + "}]"
            + (annotations.isEmpty() ? "" : ",\"annotations\":{" + ann + "}")
            + "}";
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    String digest = sha256(bytes);
    String reference = tag != null ? tag : digest;
    HttpRequest.Builder put =
        HttpRequest.newBuilder(
                registry.baseUri().resolve("/v2/" + repository + "/manifests/" + reference))
            .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    expect(send(put, auth), 201, "manifest PUT");
    return new PushedArtifact(repository, tag, digest, layerDigest, layer.length);
  }

  /**
   * Pushes an OCI image index under {@code tag} whose entries point at manifests already in the
   * repository, in order; an entry's platform {@code os/arch[/variant]} (null: no platform).
   */
  PushedArtifact pushIndex(
      String repository, String tag, java.util.List<OciRegistry.IndexEntry> entries) {
    String auth = registry.pushAuthorization(repository);
    StringBuilder manifests = new StringBuilder();
    for (OciRegistry.IndexEntry e : entries) {
      long size = manifestSize(repository, e.manifest().digest(), auth);
      if (manifests.length() > 0) {
        manifests.append(',');
      }
      manifests
          .append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"")
          .append(e.manifest().digest())
          .append("\",\"size\":")
          .append(size);
      if (e.platform() != null) {
        String[] p = e.platform().split("/");
        manifests
            .append(",\"platform\":{\"architecture\":\"")
            .append(p[1])
            .append("\",\"os\":\"")
            .append(p[0])
            .append('"');
        if (p.length > 2) {
          manifests.append(",\"variant\":\"").append(p[2]).append('"');
        }
        manifests.append('}');
      }
      manifests.append('}');
    }
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":["
            + manifests
            + "]}";
    byte[] bytes = index.getBytes(StandardCharsets.UTF_8);
    String digest = sha256(bytes);
    HttpRequest.Builder put =
        HttpRequest.newBuilder(
                registry
                    .baseUri()
                    .resolve("/v2/" + repository + "/manifests/" + (tag != null ? tag : digest)))
            .header("Content-Type", "application/vnd.oci.image.index.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    expect(send(put, auth), 201, "index PUT");
    return new PushedArtifact(repository, tag, digest, null, 0);
  }

  private long manifestSize(String repository, String digest, String auth) {
    HttpRequest.Builder get =
        HttpRequest.newBuilder(
                registry.baseUri().resolve("/v2/" + repository + "/manifests/" + digest))
            .header("Accept", "application/vnd.oci.image.manifest.v1+json")
            .GET();
    HttpResponse<String> r = send(get, auth);
    expect(r, 200, "manifest GET");
    return r.body().getBytes(StandardCharsets.UTF_8).length;
  }

  private String blob(String repository, byte[] content, String auth) {
    String digest = sha256(content);
    HttpRequest.Builder post =
        HttpRequest.newBuilder(registry.baseUri().resolve("/v2/" + repository + "/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody());
    HttpResponse<String> started = send(post, auth);
    expect(started, 202, "blob upload start");
    String location = started.headers().firstValue("Location").orElseThrow();
    URI uri = registry.baseUri().resolve(location);
    String sep = uri.toString().contains("?") ? "&" : "?";
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(uri + sep + "digest=" + digest.replace(":", "%3A")))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    expect(send(put, auth), 201, "blob PUT");
    return digest;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String auth) {
    if (auth != null) {
      request.header("Authorization", auth);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + " failed: HTTP " + r.statusCode() + " " + r.body());
    }
  }

  static String sha256(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
