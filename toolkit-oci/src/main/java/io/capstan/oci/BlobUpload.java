package io.capstan.oci;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The blob upload protocol of the distribution API: {@code POST /blobs/uploads/} for a session,
 * then one {@code PUT ?digest=} (monolithic) or {@code PATCH} chunks with {@code Content-Range} and
 * a closing {@code PUT}. One attempt; the caller applies the retry policy.
 */
final class BlobUpload {

  private final RegistryHttp http;
  private final long chunkSize;

  BlobUpload(RegistryHttp http, long chunkSize) {
    this.http = http;
    this.chunkSize = chunkSize;
  }

  /** The token scope for pushing to {@code ref}'s repository. */
  static String pushScope(OciReference ref) {
    return "repository:" + ref.repository() + ":pull,push";
  }

  /** Uploads {@code body} (whose digest is {@code digest}) in one {@code PUT}. */
  void monolithic(OciReference ref, String digest, HttpRequest.BodyPublisher body)
      throws OciException {
    URI location = start(ref);
    HttpResponse<InputStream> r =
        http.send(
            ref.registry(),
            pushScope(ref),
            "PUT",
            withDigest(location, digest),
            Map.of("Content-Type", "application/octet-stream"),
            body);
    expect(r, 201, "blob upload to " + ref.repository());
  }

  /** Uploads the file in {@code PATCH} chunks of the configured size, then closes with a PUT. */
  void chunked(OciReference ref, String digest, Path content, long size)
      throws OciException, IOException {
    URI location = start(ref);
    try (InputStream in = Files.newInputStream(content)) {
      long offset = 0;
      while (offset < size) {
        byte[] chunk = in.readNBytes((int) Math.min(chunkSize, size - offset));
        HttpResponse<InputStream> r =
            http.send(
                ref.registry(),
                pushScope(ref),
                "PATCH",
                location,
                Map.of(
                    "Content-Type",
                    "application/octet-stream",
                    "Content-Range",
                    offset + "-" + (offset + chunk.length - 1)),
                HttpRequest.BodyPublishers.ofByteArray(chunk));
        expect(r, 202, "blob chunk upload to " + ref.repository());
        location = nextLocation(r, location);
        offset += chunk.length;
      }
    }
    HttpResponse<InputStream> r =
        http.send(
            ref.registry(),
            pushScope(ref),
            "PUT",
            withDigest(location, digest),
            Map.of(),
            HttpRequest.BodyPublishers.noBody());
    expect(r, 201, "blob upload to " + ref.repository());
  }

  private URI start(OciReference ref) throws OciException {
    URI uploads = http.base(ref.registry()).resolve("/v2/" + ref.repository() + "/blobs/uploads/");
    HttpResponse<InputStream> r =
        http.send(
            ref.registry(),
            pushScope(ref),
            "POST",
            uploads,
            Map.of(),
            HttpRequest.BodyPublishers.noBody());
    expect(r, 202, "starting a blob upload to " + ref.repository());
    return nextLocation(r, uploads);
  }

  private static URI nextLocation(HttpResponse<InputStream> r, URI current) throws OciException {
    String location =
        r.headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new OciException.Protocol("registry sent no upload Location", r.statusCode()));
    return current.resolve(location);
  }

  private static URI withDigest(URI location, String digest) {
    String s = location.toString();
    return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + digest.replace(":", "%3A"));
  }

  /** Fails with the typed error unless the response has {@code status}; drains the body. */
  static void expect(HttpResponse<InputStream> r, int status, String what) throws OciException {
    if (r.statusCode() != status) {
      throw RegistryHttp.statusError(r, what);
    }
    RegistryHttp.drain(r);
  }
}
