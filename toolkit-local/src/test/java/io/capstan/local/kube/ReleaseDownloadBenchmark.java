package io.capstan.local.kube;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Times the release-download path with the real binaries: serves the five executables of an
 * existing binaries folder from 127.0.0.1 in the official layouts (dl.k8s.io, etcd's tarball +
 * SHA256SUMS, kwok + checksums.txt) and provisions them into an empty cache, Go disabled. Not a
 * test (it needs a populated cache); run with {@code java -cp <test classpath>
 * io.capstan.local.kube.ReleaseDownloadBenchmark [binaries-folder]}.
 */
public final class ReleaseDownloadBenchmark {

  private ReleaseDownloadBenchmark() {}

  public static void main(String[] args) throws Exception {
    KubeBinaryVersions versions = KubeBinaryVersions.pinned();
    Path source =
        args.length > 0
            ? Path.of(args[0])
            : KubeBinaryProvisioner.fromEnvironment().cacheDirectory();
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    for (KubeBinary binary :
        EnumSet.of(
            KubeBinary.KUBE_APISERVER,
            KubeBinary.KUBE_CONTROLLER_MANAGER,
            KubeBinary.KUBE_SCHEDULER)) {
      byte[] body = Files.readAllBytes(source.resolve(binary.fileName()));
      String path = "/release/v" + versions.kubernetes() + "/bin/linux/" + arch + "/";
      files.put(path + binary.fileName(), body);
      files.put(path + binary.fileName() + ".sha256", sha256(body).getBytes());
    }
    String dir = "etcd-v" + versions.etcd() + "-linux-" + arch;
    ByteArrayOutputStream tarball = new ByteArrayOutputStream();
    byte[] etcd = Files.readAllBytes(source.resolve("etcd"));
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(tarball))) {
      TarArchiveEntry entry = new TarArchiveEntry(dir + "/etcd");
      entry.setSize(etcd.length);
      entry.setMode(0755);
      tar.putArchiveEntry(entry);
      tar.write(etcd);
      tar.closeArchiveEntry();
    }
    files.put("/etcd/v" + versions.etcd() + "/" + dir + ".tar.gz", tarball.toByteArray());
    files.put(
        "/etcd/v" + versions.etcd() + "/SHA256SUMS",
        (sha256(tarball.toByteArray()) + "  " + dir + ".tar.gz\n").getBytes());
    byte[] kwok = Files.readAllBytes(source.resolve("kwok"));
    files.put("/kwok/v" + versions.kwok() + "/kwok-linux-" + arch, kwok);
    files.put(
        "/kwok/v" + versions.kwok() + "/checksums.txt",
        (sha256(kwok) + "  kwok-linux-" + arch + "\n").getBytes(StandardCharsets.UTF_8));
    long total = files.values().stream().mapToLong(b -> b.length).sum();

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = files.get(exchange.getRequestURI().getPath());
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
    server.start();
    Path cache = Files.createTempDirectory("capstan-release-bench-");
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      KubeBinaryProvisioner provisioner =
          new KubeBinaryProvisioner(
              new KubeBinaryProvisioner.Settings(
                  Optional.empty(),
                  cache,
                  Optional.of(
                      new ReleaseSources(
                          URI.create(base + "/release"),
                          URI.create(base + "/etcd"),
                          URI.create(base + "/kwok"),
                          Optional.empty(),
                          Duration.ofMinutes(10))),
                  Optional.empty(),
                  Optional.empty(),
                  versions,
                  line -> System.out.println("  " + line)));
      long start = System.nanoTime();
      provisioner.provision(EnumSet.of(KubeBinary.ETCD, KubeBinary.KUBE_APISERVER));
      long apiServer = System.nanoTime() - start;
      provisioner.provision(EnumSet.allOf(KubeBinary.class));
      long all = System.nanoTime() - start;
      System.out.printf(
          "release download from 127.0.0.1 (%d MiB served): etcd + kube-apiserver %d ms, all five"
              + " %d ms%n",
          total >> 20, apiServer / 1_000_000, all / 1_000_000);
    } finally {
      server.stop(0);
      KubeBinaryProvisioner.deleteTree(cache);
    }
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
