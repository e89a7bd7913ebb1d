package io.capstan.testing.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Builds gzip-compressed tarballs (ustar) from a map of entry name to content, in map order. Names
 * are written as given, so tests can build hostile layers ({@code ../escape}, absolute paths).
 */
public final class TarGz {

  private TarGz() {}

  /** A {@code .tar.gz} with one regular file (mode 0644, mtime 0) per entry. */
  public static byte[] of(Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
        gz.write(header(e.getKey(), content.length));
        gz.write(content);
        int pad = (512 - content.length % 512) % 512;
        gz.write(new byte[pad]);
      }
      gz.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] header(String name, long size) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    if (n.length > 100) {
      throw new IllegalArgumentException("entry name longer than 100 bytes: " + name);
    }
    System.arraycopy(n, 0, h, 0, n.length);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = '0';
    put(h, 257, "ustar");
    h[263] = '0';
    h[264] = '0';
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }
}
