package io.capstan.oci;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the OCI distribution API (and Docker Registry HTTP API v2): list tags, resolve and
 * fetch manifests, stream blobs with digest verification and a size limit, push blobs and
 * manifests, tag. Every call runs through one retry policy (transient failures only) with the
 * options' timeout, and fails with a typed {@link OciException}. Thread-safe; tokens are cached per
 * registry and scope for the client's lifetime.
 *
 * <pre>{@code
 * OciClient client = new OciClient(OciClientOptions.builder().credentials(dockerConfig).build());
 * OciReference ref = OciReference.parse("oci://ghcr.io/org/manifests:v1.0.0");
 * Descriptor head = client.resolve(ref);                 // HEAD, no download
 * ManifestResponse m = client.manifest(ref.withDigest(head.digest()));
 * client.fetchBlob(ref, m.manifest().layers().get(0), 100 << 20, Path.of("layer.tgz"));
 * }</pre>
 */
public final class OciClient implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  private static final int MAX_MANIFEST = 4 * 1024 * 1024;
  private static final String ACCEPT = String.join(", ", Manifest.ACCEPTED);

  private final OciClientOptions options;
  private final RegistryHttp http;
  private final BlobUpload uploads;
  private final Deadline deadline;

  /** A client for {@code options}; it holds one HTTP client and its token cache. */
  public OciClient(OciClientOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.http = new RegistryHttp(options);
    this.uploads = new BlobUpload(http, options.chunkSize);
    this.deadline = null;
  }

  private OciClient(OciClientOptions options, RegistryHttp http, Deadline deadline) {
    this.options = options;
    this.http = http;
    this.uploads = new BlobUpload(http, options.chunkSize);
    this.deadline = deadline;
  }

  /**
   * This client (same connections, same token cache) with one deadline, {@code timeout} from now,
   * over every call made through the returned view: Go's {@code context.WithTimeout} around a whole
   * pull, as Flux's OCIRepository bounds its fetch with {@code spec.timeout}. Each request gets at
   * most the time left, no attempt or retry starts after the deadline, and a body still being read
   * when it passes is cut off; the call then fails with {@link OciException.DeadlineExceeded}
   * ({@code ... context deadline exceeded (timeout 2s)}). Close the view when the operation ends to
   * disarm its timer.
   */
  public OciClient withDeadline(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    Deadline d = new Deadline(timeout);
    return new OciClient(options, http.withDeadline(d), d);
  }

  /** Disarms the deadline of a {@link #withDeadline} view; nothing to do for a plain client. */
  @Override
  public void close() {
    if (deadline != null) {
      deadline.close();
    }
  }

  /** The options this client was built with. */
  public OciClientOptions options() {
    return options;
  }

  private static String pull(OciReference ref) {
    return "repository:" + ref.repository() + ":pull";
  }

  private static String push(OciReference ref) {
    return BlobUpload.pushScope(ref);
  }

  private URI v2(OciReference ref, String suffix) {
    return http.base(ref.registry()).resolve("/v2/" + ref.repository() + suffix);
  }

  /** Every tag of the repository, following {@code Link} pagination (pages of 1000). */
  public List<String> listTags(OciReference ref) throws OciException {
    return listTags(ref, 1000);
  }

  /** Every tag of the repository, asking for pages of {@code pageSize} tags. */
  public List<String> listTags(OciReference ref, int pageSize) throws OciException {
    return http.retrying(
        () -> {
          List<String> tags = new ArrayList<>();
          URI next = v2(ref, "/tags/list?n=" + pageSize);
          int pages = 0;
          while (next != null) {
            if (++pages > 10_000) {
              throw new OciException.Protocol("tag list of " + ref + " does not end", 0);
            }
            HttpResponse<InputStream> r =
                http.send(ref.registry(), pull(ref), "GET", next, Map.of(), noBody());
            if (r.statusCode() != 200) {
              throw RegistryHttp.statusError(
                  r, "repository " + ref.registry() + "/" + ref.repository());
            }
            JsonNode body = JSON.readTree(RegistryHttp.readSmall(r, 64 * 1024 * 1024));
            for (JsonNode t : body.path("tags")) {
              tags.add(t.asText());
            }
            URI current = next;
            next =
                r.headers()
                    .firstValue("Link")
                    .map(NEXT_LINK::matcher)
                    .filter(Matcher::find)
                    .map(m -> current.resolve(m.group(1)))
                    .orElse(null);
          }
          return tags;
        });
  }

  /**
   * Resolves a reference to its manifest descriptor with a HEAD request (nothing downloaded); falls
   * back to GET when the registry omits {@code Docker-Content-Digest}.
   */
  public Descriptor resolve(OciReference ref) throws OciException {
    return http.retrying(
        () -> {
          URI uri = v2(ref, "/manifests/" + ref.manifestReference());
          HttpResponse<InputStream> r =
              http.send(ref.registry(), pull(ref), "HEAD", uri, Map.of("Accept", ACCEPT), noBody());
          RegistryHttp.drain(r);
          if (r.statusCode() == 404) {
            throw new OciException.NotFound("manifest " + ref + " not found");
          }
          if (r.statusCode() != 200) {
            throw new OciException.Protocol(
                "HEAD manifest " + ref + ": HTTP " + r.statusCode(), r.statusCode());
          }
          String digest = r.headers().firstValue("Docker-Content-Digest").orElse(null);
          if (digest == null || !Digests.supported(digest)) {
            ManifestResponse m = fetchManifest(ref);
            return Descriptor.of(m.mediaType(), m.digest(), m.bytes().length);
          }
          if (ref.digest() != null && !ref.digest().equals(digest)) {
            throw new OciException.DigestMismatch(
                "registry answered digest " + digest + " for " + ref);
          }
          String type = r.headers().firstValue("Content-Type").orElse(null);
          long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
          return Descriptor.of(type, digest, size);
        });
  }

  /** Fetches a manifest; its bytes are verified against the requested and announced digests. */
  public ManifestResponse manifest(OciReference ref) throws OciException {
    return http.retrying(() -> fetchManifest(ref));
  }

  /**
   * The image manifest {@code ref} stands for on {@code platform}, as go-containerregistry's {@code
   * remote.Image} (what Flux's OCIRepository pulls with): an image manifest is returned as it is;
   * for an image index (or Docker manifest list) the first entry whose platform satisfies {@code
   * platform} is fetched by digest (an entry without a platform counts as {@code linux/amd64}),
   * following nested indexes. Every manifest is digest-verified as in {@link #manifest}.
   *
   * @throws OciException.NotFound {@code no child with platform <os/arch> in index <ref>} when no
   *     entry matches
   */
  public ManifestResponse imageManifest(OciReference ref, Platform platform) throws OciException {
    ManifestResponse current = manifest(ref);
    OciReference at = ref;
    for (int depth = 0; current.manifest().isIndex(); depth++) {
      if (depth >= 8) {
        throw new OciException.Protocol("index " + ref + " nests more than 8 levels deep", 0);
      }
      Descriptor child = childFor(current.manifest(), platform);
      if (child == null) {
        throw new OciException.NotFound("no child with platform " + platform + " in index " + at);
      }
      at = ref.withDigest(child.digest());
      current = manifest(at);
    }
    return current;
  }

  private static Descriptor childFor(Manifest index, Platform platform) {
    if (index.manifests() == null) {
      return null;
    }
    for (Descriptor entry : index.manifests()) {
      Platform p = entry.platform() == null ? Platform.LINUX_AMD64 : entry.platform();
      if (p.satisfies(platform)) {
        return entry;
      }
    }
    return null;
  }

  private ManifestResponse fetchManifest(OciReference ref) throws OciException, IOException {
    URI uri = v2(ref, "/manifests/" + ref.manifestReference());
    HttpResponse<InputStream> r =
        http.send(ref.registry(), pull(ref), "GET", uri, Map.of("Accept", ACCEPT), noBody());
    if (r.statusCode() != 200) {
      throw RegistryHttp.statusError(r, "manifest " + ref);
    }
    byte[] bytes;
    try (InputStream in = r.body()) {
      bytes = in.readNBytes(MAX_MANIFEST + 1);
    }
    if (bytes.length > MAX_MANIFEST) {
      throw new OciException.TooLarge(
          "manifest " + ref + " is larger than " + MAX_MANIFEST + " bytes");
    }
    String digest = Digests.sha256(bytes);
    String announced = r.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (announced != null && Digests.supported(announced) && !announced.equals(digest)) {
      throw new OciException.DigestMismatch(
          "manifest " + ref + " hashes to " + digest + " but the registry announced " + announced);
    }
    if (ref.digest() != null && !ref.digest().equals(digest)) {
      throw new OciException.DigestMismatch(
          "manifest " + ref + " hashes to " + digest + ", not the requested digest");
    }
    Manifest manifest;
    try {
      manifest = JSON.readValue(bytes, Manifest.class);
    } catch (IOException e) {
      throw new OciException.Protocol("manifest " + ref + " is not valid JSON", 0);
    }
    String type =
        manifest.mediaType() != null
            ? manifest.mediaType()
            : r.headers().firstValue("Content-Type").orElse(Manifest.OCI_MANIFEST);
    return new ManifestResponse(bytes, type, digest, manifest);
  }

  /**
   * Streams the blob {@code layer} of {@code ref}'s repository into {@code target}, verifying its
   * digest and size; reads at most {@code maxSize} bytes. {@code target} is replaced only when the
   * content verified.
   */
  public void fetchBlob(OciReference ref, Descriptor layer, long maxSize, Path target)
      throws OciException {
    Objects.requireNonNull(layer, "layer");
    if (!Digests.supported(layer.digest())) {
      throw new OciException.Protocol("unsupported digest '" + layer.digest() + "'", 0);
    }
    if (maxSize > 0 && layer.size() > maxSize) {
      throw new OciException.TooLarge(
          "blob "
              + layer.digest()
              + " of "
              + layer.size()
              + " bytes exceeds the limit of "
              + maxSize);
    }
    http.retrying(
        () -> {
          Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".blob-", ".tmp");
          try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
              copyBlob(ref, layer.digest(), layer.size(), maxSize, out);
            }
            Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } finally {
            Files.deleteIfExists(tmp);
          }
          return null;
        });
  }

  /** A small blob (e.g. a config or a signature payload) in memory, verified, at most maxSize. */
  public byte[] blob(OciReference ref, String digest, long maxSize) throws OciException {
    return http.retrying(
        () -> {
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          copyBlob(ref, digest, -1, maxSize, out);
          return out.toByteArray();
        });
  }

  private void copyBlob(
      OciReference ref, String digest, long expectedSize, long maxSize, OutputStream out)
      throws OciException, IOException {
    URI uri = v2(ref, "/blobs/" + digest);
    HttpResponse<InputStream> r =
        http.send(ref.registry(), pull(ref), "GET", uri, Map.of(), noBody());
    if (r.statusCode() != 200) {
      throw RegistryHttp.statusError(r, "blob " + digest + " in " + ref.repository());
    }
    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (maxSize > 0 && length > maxSize) {
      RegistryHttp.drain(r);
      throw new OciException.TooLarge(
          "blob " + digest + " of " + length + " bytes exceeds the limit of " + maxSize);
    }
    MessageDigest sha = Digests.newSha256();
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = r.body()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (maxSize > 0 && total > maxSize) {
          throw new OciException.TooLarge(
              "blob " + digest + " exceeds the limit of " + maxSize + " bytes");
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(digest)) {
      throw new OciException.DigestMismatch("blob " + digest + " hashes to " + actual);
    }
    if (expectedSize >= 0 && total != expectedSize) {
      throw new OciException.DigestMismatch(
          "blob " + digest + " has " + total + " bytes, the manifest says " + expectedSize);
    }
  }

  /** Whether the repository already holds the blob. */
  public boolean blobExists(OciReference ref, String digest) throws OciException {
    return http.retrying(
        () -> {
          HttpResponse<InputStream> r =
              http.send(
                  ref.registry(),
                  push(ref),
                  "HEAD",
                  v2(ref, "/blobs/" + digest),
                  Map.of(),
                  noBody());
          RegistryHttp.drain(r);
          return r.statusCode() == 200;
        });
  }

  /**
   * Pushes {@code content} as a blob (monolithic upload) unless present; returns its descriptor.
   */
  public Descriptor pushBlob(OciReference ref, String mediaType, byte[] content)
      throws OciException {
    String digest = Digests.sha256(content);
    if (!blobExists(ref, digest)) {
      http.retrying(
          () -> {
            uploads.monolithic(ref, digest, HttpRequest.BodyPublishers.ofByteArray(content));
            return null;
          });
    }
    return Descriptor.of(mediaType, digest, content.length);
  }

  /**
   * Pushes the file {@code content} as a blob unless present: one PUT when it fits in the chunk
   * size, else PATCH chunks then a closing PUT. Returns its descriptor.
   */
  public Descriptor pushBlob(OciReference ref, String mediaType, Path content) throws OciException {
    String digest;
    long size;
    try {
      MessageDigest sha = Digests.newSha256();
      try (InputStream in = Files.newInputStream(content)) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          sha.update(buf, 0, n);
        }
      }
      digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
      size = Files.size(content);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + content + ": " + e.getMessage(), e);
    }
    if (!blobExists(ref, digest)) {
      http.retrying(
          () -> {
            if (size <= options.chunkSize) {
              uploads.monolithic(ref, digest, HttpRequest.BodyPublishers.ofFile(content));
            } else {
              uploads.chunked(ref, digest, content, size);
            }
            return null;
          });
    }
    return Descriptor.of(mediaType, digest, size);
  }

  /** Pushes a manifest under {@code ref}'s tag (or digest); returns the manifest's digest. */
  public String pushManifest(OciReference ref, String mediaType, byte[] manifest)
      throws OciException {
    String digest = Digests.sha256(manifest);
    return http.retrying(
        () -> {
          HttpResponse<InputStream> r =
              http.send(
                  ref.registry(),
                  push(ref),
                  "PUT",
                  v2(ref, "/manifests/" + ref.manifestReference()),
                  Map.of("Content-Type", mediaType),
                  HttpRequest.BodyPublishers.ofByteArray(manifest));
          BlobUpload.expect(r, 201, "manifest upload " + ref);
          String announced = r.headers().firstValue("Docker-Content-Digest").orElse(digest);
          if (!announced.equals(digest)) {
            throw new OciException.DigestMismatch(
                "registry stored manifest " + ref + " as " + announced + ", expected " + digest);
          }
          return digest;
        });
  }

  /** Serializes and pushes a manifest; returns its digest. */
  public String pushManifest(OciReference ref, Manifest manifest) throws OciException {
    try {
      return pushManifest(ref, manifest.mediaType(), JSON.writeValueAsBytes(manifest));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("manifest cannot be serialized", e);
    }
  }

  /** Points {@code tag} at the manifest {@code source} (a tag or digest) of the same repository. */
  public String tag(OciReference source, String tag) throws OciException {
    ManifestResponse m = manifest(source);
    return pushManifest(source.withTag(tag), m.mediaType(), m.bytes());
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }
}
