package io.capstan.local.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Downloads the official release binaries named by {@link ReleaseSources}, verifies each against
 * its project's published SHA-256 before it is made executable, and moves it atomically into the
 * binaries folder. A binary whose download or checksum fails is left out (and the reason recorded),
 * so the caller falls back to building it.
 */
final class ReleaseDownload {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-f]{64}");

  private final ReleaseSources sources;
  private final KubeBinaryVersions versions;
  private final String os;
  private final String arch;
  private final Consumer<String> progress;

  ReleaseDownload(
      ReleaseSources sources,
      KubeBinaryVersions versions,
      String os,
      String arch,
      Consumer<String> progress) {
    this.sources = sources;
    this.versions = versions;
    this.os = os;
    this.arch = arch;
    this.progress = progress;
  }

  /** For this machine's {@code os.name} / {@code os.arch}; empty where no release is published. */
  static Optional<ReleaseDownload> forThisMachine(
      ReleaseSources sources, KubeBinaryVersions versions, Consumer<String> progress) {
    String osName = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String os = osName.startsWith("linux") ? "linux" : null;
    String arch =
        switch (System.getProperty("os.arch", "")) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> null;
        };
    return os == null || arch == null
        ? Optional.empty()
        : Optional.of(new ReleaseDownload(sources, versions, os, arch, progress));
  }

  /**
   * Fetches each of {@code wanted} into {@code target}.
   *
   * @return the binaries now in {@code target}, verified; the others' reasons are appended to
   *     {@code failures}
   */
  Set<KubeBinary> fetch(Set<KubeBinary> wanted, Path target, StringBuilder failures) {
    Set<KubeBinary> fetched = EnumSet.noneOf(KubeBinary.class);
    long deadline = System.nanoTime() + sources.timeout().toNanos();
    for (KubeBinary binary : wanted) {
      long start = System.nanoTime();
      try {
        Files.createDirectories(target);
        Path file = fetchOne(binary, target, deadline);
        Files.move(
            file,
            target.resolve(binary.fileName()),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        fetched.add(binary);
        progress.accept(
            String.format(
                "downloaded %s (checksum verified) in %d ms",
                binary.fileName(), (System.nanoTime() - start) / 1_000_000));
      } catch (IOException | RuntimeException e) {
        String reason = "release download of " + binary.fileName() + " failed: " + e.getMessage();
        progress.accept(reason);
        failures.append(failures.length() == 0 ? "" : "; ").append(reason);
      }
    }
    return fetched;
  }

  private Path fetchOne(KubeBinary binary, Path target, long deadline) throws IOException {
    return switch (binary) {
      case ETCD -> fetchEtcd(target, deadline);
      case KWOK -> fetchKwok(target, deadline);
      default -> fetchKubernetes(binary, target, deadline);
    };
  }

  URI kubernetesUrl(KubeBinary binary) {
    return URI.create(
        String.format(
            "%s/v%s/bin/%s/%s/%s",
            sources.kubernetes(), versions.kubernetes(), os, arch, binary.fileName()));
  }

  private Path fetchKubernetes(KubeBinary binary, Path target, long deadline) throws IOException {
    URI url = kubernetesUrl(binary);
    String expected =
        parseBareDigest(readText(URI.create(url + ".sha256"), deadline), url.toString());
    Path file = download(url, target, binary.fileName(), deadline, expected);
    makeExecutable(file);
    return file;
  }

  private Path fetchEtcd(Path target, long deadline) throws IOException {
    String dir = "etcd-v" + versions.etcd() + "-" + os + "-" + arch;
    String archive = dir + ".tar.gz";
    URI release = URI.create(sources.etcd() + "/v" + versions.etcd() + "/");
    String expected =
        digestFromSums(readText(release.resolve("SHA256SUMS"), deadline), archive, "SHA256SUMS");
    Path tarball = download(release.resolve(archive), target, archive, deadline, expected);
    try {
      Path file = Files.createTempFile(target, ".etcd.", ".download");
      boolean found = false;
      try (InputStream in = Files.newInputStream(tarball);
          TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          if (entry.isFile() && entry.getName().equals(dir + "/etcd")) {
            Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
            found = true;
            break;
          }
        }
      }
      if (!found) {
        Files.deleteIfExists(file);
        throw new IOException(archive + " holds no " + dir + "/etcd");
      }
      makeExecutable(file);
      return file;
    } finally {
      Files.deleteIfExists(tarball);
    }
  }

  private Path fetchKwok(Path target, long deadline) throws IOException {
    String asset = "kwok-" + os + "-" + arch;
    URI release = URI.create(sources.kwok() + "/v" + versions.kwok() + "/");
    String expected;
    if (sources.kwokSha256().isPresent()) {
      expected = parseBareDigest(sources.kwokSha256().get(), "the pinned kwok digest");
    } else {
      try {
        expected =
            digestFromSums(
                readText(release.resolve("checksums.txt"), deadline), asset, "checksums.txt");
      } catch (IOException e) {
        throw new IOException(
            "no checksum to verify it against ("
                + e.getMessage()
                + "); pin one with -D"
                + ReleaseSources.KWOK_SHA256_PROPERTY,
            e);
      }
    }
    Path file = download(release.resolve(asset), target, asset, deadline, expected);
    makeExecutable(file);
    return file;
  }

  /** A {@code .sha256} file: the hex digest, optionally followed by a file name. */
  static String parseBareDigest(String text, String what) throws IOException {
    String first = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (!HEX_DIGEST.matcher(first).matches()) {
      throw new IOException("no SHA-256 digest in the checksum of " + what);
    }
    return first;
  }

  /** The digest of {@code fileName} in a {@code sha256sum}-format listing. */
  static String digestFromSums(String listing, String fileName, String listingName)
      throws IOException {
    for (String line : listing.split("\n")) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 2) {
        String name = parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
        if (name.equals(fileName) || name.endsWith("/" + fileName)) {
          String digest = parts[0].toLowerCase(Locale.ROOT);
          if (HEX_DIGEST.matcher(digest).matches()) {
            return digest;
          }
        }
      }
    }
    throw new IOException(listingName + " lists no SHA-256 for " + fileName);
  }

  private String readText(URI url, long deadline) throws IOException {
    HttpURLConnection connection = open(url, deadline);
    try (InputStream in = connection.getInputStream()) {
      byte[] body = in.readNBytes(1 << 20);
      return new String(body, StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  /** Downloads into a hidden temporary file of {@code dir}, deleted unless the digest matches. */
  private Path download(URI url, Path dir, String name, long deadline, String expectedSha256)
      throws IOException {
    Path file = Files.createTempFile(dir, "." + name + ".", ".download");
    boolean verified = false;
    HttpURLConnection connection = open(url, deadline);
    try (InputStream body = connection.getInputStream();
        DigestInputStream in = new DigestInputStream(body, sha256());
        OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "did not finish within "
                  + sources.timeout()
                  + " (-D"
                  + ReleaseSources.TIMEOUT_PROPERTY
                  + ")");
        }
      }
      out.close();
      String actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
      if (!actual.equals(expectedSha256)) {
        throw new IOException(
            "checksum mismatch for "
                + url
                + ": published SHA-256 "
                + expectedSha256
                + ", downloaded "
                + actual
                + "; refused");
      }
      verified = true;
      return file;
    } finally {
      connection.disconnect();
      if (!verified) {
        Files.deleteIfExists(file);
      }
    }
  }

  private HttpURLConnection open(URI url, long deadline) throws IOException {
    if (System.nanoTime() > deadline) {
      throw new IOException("did not finish within " + sources.timeout());
    }
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
    connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
    connection.setInstanceFollowRedirects(true);
    int status = connection.getResponseCode();
    if (status != HttpURLConnection.HTTP_OK) {
      connection.disconnect();
      throw new IOException("GET " + url + " answered HTTP " + status);
    }
    return connection;
  }

  private static void makeExecutable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
