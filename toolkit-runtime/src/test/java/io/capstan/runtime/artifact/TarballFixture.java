package io.capstan.runtime.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Crafts tar.gz archives byte by byte, including the malicious ones a real tool would refuse. */
final class TarballFixture {

  private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

  TarballFixture file(String name, String content) {
    return entry(name, '0', 0644, content.getBytes(StandardCharsets.UTF_8), "");
  }

  TarballFixture file(String name, int mode, byte[] content) {
    return entry(name, '0', mode, content, "");
  }

  TarballFixture dir(String name) {
    return entry(name, '5', 0755, new byte[0], "");
  }

  TarballFixture symlink(String name, String target) {
    return entry(name, '2', 0777, new byte[0], target);
  }

  TarballFixture hardlink(String name, String target) {
    return entry(name, '1', 0644, new byte[0], target);
  }

  TarballFixture charDevice(String name) {
    return entry(name, '3', 0644, new byte[0], "");
  }

  TarballFixture fifo(String name) {
    return entry(name, '6', 0644, new byte[0], "");
  }

  /** A PAX extended header setting the path of the next entry. */
  TarballFixture paxPath(String path) {
    String body = " path=" + path + "\n";
    int len = body.getBytes(StandardCharsets.UTF_8).length;
    int total = len + Integer.toString(len).length();
    if (Integer.toString(total).length() != Integer.toString(len).length()) {
      total++;
    }
    return entry("PaxHeader", 'x', 0644, (total + body).getBytes(StandardCharsets.UTF_8), "");
  }

  /** A GNU long-name header setting the name of the next entry. */
  TarballFixture gnuLongName(String name) {
    return entry("././@LongLink", 'L', 0644, (name + "\0").getBytes(StandardCharsets.UTF_8), "");
  }

  /** A header claiming {@code declaredSize} bytes followed by only {@code actual} bytes. */
  TarballFixture lyingFile(String name, long declaredSize, byte[] actual) {
    tar.writeBytes(header(name, '0', 0644, declaredSize, ""));
    tar.writeBytes(actual);
    pad(actual.length);
    return this;
  }

  TarballFixture entry(String name, char type, int mode, byte[] content, String linkName) {
    tar.writeBytes(header(name, type, mode, content.length, linkName));
    tar.writeBytes(content);
    pad(content.length);
    return this;
  }

  byte[] tar() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tar.toByteArray());
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  byte[] tarGz() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(tar());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  Path writeTo(Path file) throws IOException {
    Files.write(file, tarGz());
    return file;
  }

  private void pad(long size) {
    int rest = (int) (size % 512);
    if (rest != 0) {
      tar.writeBytes(new byte[512 - rest]);
    }
  }

  private static byte[] header(String name, char type, int mode, long size, String linkName) {
    byte[] h = new byte[512];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    put(h, 100, 8, String.format("%07o\0", mode).getBytes(StandardCharsets.US_ASCII));
    put(h, 108, 8, "0000000\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 116, 8, "0000000\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 124, 12, String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII));
    put(h, 136, 12, "00000000000\0".getBytes(StandardCharsets.US_ASCII));
    h[156] = (byte) type;
    put(h, 157, 100, linkName.getBytes(StandardCharsets.UTF_8));
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII));
    return h;
  }

  private static void put(byte[] h, int offset, int max, byte[] value) {
    if (value.length > max) {
      throw new IllegalArgumentException("field too long");
    }
    System.arraycopy(value, 0, h, offset, value.length);
  }
}
