package io.capstan.source.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.1 client over a plain socket that sends the request target exactly as given
 * (real clients normalize {@code ..} away, which would hide what the server does with it).
 */
final class RawHttp {

  /** A parsed response; header names are lower-cased. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  static Response send(InetSocketAddress server, String method, String target, String... headers)
      throws IOException {
    try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder();
      request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      request.append("Host: localhost\r\nConnection: close\r\n");
      for (String h : headers) {
        request.append(h).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(socket.getInputStream(), method.equals("HEAD"));
    }
  }

  private static Response parse(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (String line; !(line = line(in)).isEmpty(); ) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    byte[] body;
    String length = headers.get("content-length");
    if (head || status == 304 || status == 204) {
      body = new byte[0];
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int size; (size = Integer.parseInt(line(in).trim(), 16)) > 0; ) {
        chunks.write(in.readNBytes(size));
        line(in);
      }
      body = chunks.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1 && b != '\n'; ) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
