package io.capstan.testing.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The public endpoint of an {@link S3Server}: accepts HTTP/1.1 (or HTTPS) on 127.0.0.1, records
 * each request line in the {@link S3RequestLog} and relays the bytes unchanged to s3proxy, so
 * request signatures (which cover the Host header) still verify. Only the client-to-server
 * direction is parsed (request line, headers, Content-Length or chunked body); responses are copied
 * as they come.
 */
final class LoggingRelay implements AutoCloseable {

  private static final int MAX_HEADER = 64 * 1024;

  private final int backendPort;
  private final S3RequestLog log;
  private final SSLContext tls;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private int port;

  LoggingRelay(int backendPort, S3RequestLog log, SSLContext tls) {
    this.backendPort = backendPort;
    this.log = log;
    this.tls = tls;
  }

  /** Binds (port 0 the first time, the same port again after {@link #close()}) and accepts. */
  synchronized void start() throws IOException {
    ServerSocket s =
        tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    port = s.getLocalPort();
    server = s;
    Thread accept = new Thread(() -> acceptLoop(s), "s3-relay-accept-" + port);
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return port;
  }

  boolean running() {
    ServerSocket s = server;
    return s != null && !s.isClosed();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "s3-relay-" + client.getPort());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client;
        Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
      open.add(backend);
      Thread responses =
          new Thread(
              () -> {
                try {
                  backend.getInputStream().transferTo(client.getOutputStream());
                } catch (IOException e) {
                  // connection ended
                } finally {
                  closeQuietly(client);
                }
              },
              "s3-relay-responses");
      responses.setDaemon(true);
      responses.start();
      InputStream in = client.getInputStream();
      OutputStream out = backend.getOutputStream();
      while (relayRequest(in, out)) {
        out.flush();
      }
      backend.shutdownOutput();
      responses.join(30_000);
    } catch (IOException | InterruptedException e) {
      // connection ended or the relay was closed
    } finally {
      open.remove(client);
    }
  }

  /** Relays one request; false at the end of the stream. */
  private boolean relayRequest(InputStream in, OutputStream out) throws IOException {
    byte[] head = readHead(in);
    if (head == null) {
      return false;
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length >= 2) {
      log.add(new S3Request(requestLine[0], requestLine[1]));
    }
    long length = 0;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")
          && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    out.write(head);
    if (chunked) {
      relayChunks(in, out);
    } else {
      copy(in, out, length);
    }
    return true;
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int matched = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      buf.write(b);
      if (buf.size() > MAX_HEADER) {
        throw new IOException("request header too large");
      }
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return buf.toByteArray();
      }
    }
  }

  private static void relayChunks(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = readLine(in, out);
      int semi = sizeLine.indexOf(';');
      long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        // trailers up to the empty line
        while (!readLine(in, out).isEmpty()) {
          // relayed by readLine
        }
        return;
      }
      copy(in, out, size);
      readLine(in, out); // CRLF after the chunk data
    }
  }

  /** Reads a CRLF-terminated line, relaying its bytes; returns it without the line end. */
  private static String readLine(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("unexpected end of a chunked body");
      }
      out.write(b);
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[16 * 1024];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new IOException("unexpected end of a request body");
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  /** Stops accepting and drops every open connection; {@link #start()} rebinds the same port. */
  @Override
  public synchronized void close() {
    closeQuietly(server);
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // best effort
    }
  }
}
