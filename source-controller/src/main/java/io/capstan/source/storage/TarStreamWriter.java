package io.capstan.source.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tar stream whose bytes depend only on the entries given: every header has mtime 0 (the
 * Unix epoch), uid/gid 0, empty owner names and the mode passed in. Names longer than the ustar
 * field, or not plain ASCII, are carried in a PAX {@code path} record (itself with fixed header
 * fields), so no environment value (user name, clock) ever reaches the output — unlike general tar
 * libraries, which put the current user into their extension headers.
 */
final class TarStreamWriter {

  private static final int BLOCK = 512;
  private static final int NAME_LENGTH = 100;
  private static final long MAX_OCTAL_SIZE = 077777777777L;
  private static final String PAX_HEADER_NAME = "././@PaxHeader";

  private final OutputStream out;

  TarStreamWriter(OutputStream out) {
    this.out = out;
  }

  /** A directory entry; {@code name} is relative, '/'-separated, without trailing slash. */
  void directory(String name, int mode) throws IOException {
    header(name + "/", '5', mode, 0);
  }

  /** A regular file entry with exactly {@code size} bytes read from {@code content}. */
  void file(String name, int mode, long size, InputStream content) throws IOException {
    header(name, '0', mode, size);
    long copied = copy(content, size);
    if (copied != size) {
      throw new IOException("file " + name + " changed while archiving (" + copied + " bytes)");
    }
    pad(size);
  }

  /** Writes the end-of-archive marker (two zero blocks). Does not close the stream. */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
  }

  private void header(String name, char type, int mode, long size) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    boolean fits = nameBytes.length <= NAME_LENGTH && isPrintableAscii(nameBytes);
    boolean bigSize = size > MAX_OCTAL_SIZE;
    if (!fits || bigSize) {
      StringBuilder records = new StringBuilder();
      if (!fits) {
        records.append(paxRecord("path", name));
      }
      if (bigSize) {
        records.append(paxRecord("size", Long.toString(size)));
      }
      byte[] data = records.toString().getBytes(StandardCharsets.UTF_8);
      out.write(block(PAX_HEADER_NAME, 'x', 0644, data.length));
      out.write(data);
      pad(data.length);
    }
    out.write(block(fits ? name : asciiStandIn(name), type, mode, bigSize ? 0 : size));
  }

  private static byte[] block(String name, char type, int mode, long size) {
    byte[] h = new byte[BLOCK];
    put(h, 0, NAME_LENGTH, name.getBytes(StandardCharsets.US_ASCII));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0); // uid
    octal(h, 116, 8, 0); // gid
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0); // mtime: the Unix epoch
    h[156] = (byte) type;
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    // uname, gname, devmajor, devminor and prefix stay empty (zero bytes) on purpose.
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

  /** A PAX record {@code "<len> <key>=<value>\n"} whose length prefix counts itself. */
  static String paxRecord(String key, String value) {
    int body = 1 + key.length() + 1 + value.getBytes(StandardCharsets.UTF_8).length + 1;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++;
    }
    return length + " " + key + "=" + value + "\n";
  }

  /** A deterministic ASCII stand-in for the name field of an entry whose name needs PAX. */
  private static String asciiStandIn(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length() && sb.length() < NAME_LENGTH; i++) {
      char c = name.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    return sb.toString();
  }

  private long copy(InputStream in, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    while (copied < size) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      copied += n;
    }
    return copied;
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  private static void put(byte[] h, int offset, int length, byte[] value) {
    System.arraycopy(value, 0, h, offset, Math.min(length, value.length));
  }

  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = String.format("%0" + (length - 1) + "o", value);
    put(h, offset, length - 1, digits.getBytes(StandardCharsets.US_ASCII));
    h[offset + length - 1] = 0;
  }

  private static boolean isPrintableAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x20 || b == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
