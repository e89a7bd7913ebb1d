package io.capstan.source.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds tar.gz bytes entry by entry, including entries no honest archiver would write. */
final class CraftedTarball {

  private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

  CraftedTarball file(String name, byte[] content) {
    return entry(name, '0', content, "");
  }

  CraftedTarball file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  CraftedTarball symlink(String name, String target) {
    return entry(name, '2', new byte[0], target);
  }

  byte[] tarGz() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(tar.toByteArray());
      gz.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private CraftedTarball entry(String name, char type, byte[] content, String link) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, String.format("%07o", 0644));
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", content.length));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 157, link);
    put(h, 257, "ustar\0" + "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o\0 ", sum));
    tar.writeBytes(h);
    tar.writeBytes(content);
    int rest = content.length % 512;
    if (rest != 0) {
      tar.writeBytes(new byte[512 - rest]);
    }
    return this;
  }

  private static void put(byte[] h, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, h, offset, bytes.length);
  }
}
