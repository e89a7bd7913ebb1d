package io.capstan.e2e.story;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An artifact server an attacker controls: it serves one well-formed tar.gz whose content differs
 * from what the source's status promises (its digest), at {@code /artifact.tar.gz} on 127.0.0.1.
 */
final class ForgedArtifactServer implements AutoCloseable {

  private final HttpServer server;
  private final byte[] tarball;
  private final AtomicInteger downloads = new AtomicInteger();

  ForgedArtifactServer(Map<String, String> files) throws IOException {
    this.tarball = tarGz(files);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/artifact.tar.gz",
        exchange -> {
          downloads.incrementAndGet();
          exchange.sendResponseHeaders(200, tarball.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(tarball);
          }
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/artifact.tar.gz";
  }

  long size() {
    return tarball.length;
  }

  /** How many times the forged artifact was downloaded. */
  int downloads() {
    return downloads.get();
  }

  private static byte[] tarGz(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (var file : new TreeMap<>(files).entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
