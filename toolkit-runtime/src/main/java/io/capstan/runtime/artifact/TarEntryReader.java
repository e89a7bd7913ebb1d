package io.capstan.runtime.artifact;

import io.capstan.runtime.artifact.UnsafeArchiveException.Violation;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A strict, streaming reader of (ustar, PAX and GNU long-name) tar streams that reports entry names
 * exactly as stored, so the extractor can refuse absolute or escaping names instead of having them
 * silently rewritten (as general-purpose tar libraries do).
 *
 * <p>Not thread-safe; one instance reads one stream once.
 */
final class TarEntryReader {

  /** What an entry is, after folding the many tar type flags into the cases we treat apart. */
  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    OTHER
  }

  /** One entry: its raw name (PAX/GNU long names applied), type, data size and permission bits. */
  record Entry(String name, Type type, long size, int mode, char typeFlag) {}

  static final int BLOCK = 512;

  /** Largest PAX extended header or GNU long name we accept; real ones are a few hundred bytes. */
  static final int MAX_METADATA_BYTES = 1 << 20;

  private final InputStream in;
  private final long maxHeaders;
  private final byte[] header = new byte[BLOCK];
  private long headers;
  private long remaining;
  private long padding;
  private boolean ended;

  /**
   * Reads {@code in} (already decompressed); {@code maxHeaders} bounds every header block, metadata
   * ones included, or is negative for no bound.
   */
  TarEntryReader(InputStream in, long maxHeaders) {
    this.in = in;
    this.maxHeaders = maxHeaders;
  }

  /** The next entry, or {@code null} at the end of the archive. Skips unread data of the last. */
  Entry next() throws IOException {
    if (ended) {
      return null;
    }
    skipRest();
    String longName = null;
    String paxPath = null;
    Long paxSize = null;
    while (true) {
      if (!readHeader()) {
        ended = true;
        return null;
      }
      char flag = (char) (header[156] & 0xff);
      long size = numeric(124, 12, "size");
      String name = ustarName();
      switch (flag) {
        case 'x' -> {
          PaxRecords pax = PaxRecords.parse(readMetadata(name, size), name);
          paxPath = pax.path() != null ? pax.path() : paxPath;
          paxSize = pax.size() != null ? pax.size() : paxSize;
          continue;
        }
        case 'g', 'K' -> {
          readMetadata(name, size);
          continue;
        }
        case 'L' -> {
          longName = trimNuls(new String(readMetadata(name, size), StandardCharsets.UTF_8));
          continue;
        }
        default -> {
          // handled below
        }
      }
      String effectiveName = paxPath != null ? paxPath : longName != null ? longName : name;
      Type type = type(flag, effectiveName);
      long dataSize = paxSize != null ? paxSize : size;
      if (type != Type.FILE && type != Type.OTHER) {
        dataSize = 0; // header-only types carry no data, whatever the size field says
      }
      int mode = (int) numeric(100, 8, "mode") & 07777;
      remaining = dataSize;
      padding = padding(dataSize);
      return new Entry(effectiveName, type, dataSize, mode, flag);
    }
  }

  /** The data of the entry last returned by {@link #next()}, ending at its declared size. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw malformed(null, "archive truncated inside entry data", null);
        }
        remaining -= n;
        return n;
      }
    };
  }

  private boolean readHeader() throws IOException {
    int read = in.readNBytes(header, 0, BLOCK);
    if (read == 0) {
      return false; // tolerate a missing end-of-archive marker, as GNU tar and Go do
    }
    if (read < BLOCK) {
      throw malformed(null, "archive truncated inside a header block", null);
    }
    if (isZero(header)) {
      return false;
    }
    if (maxHeaders >= 0 && ++headers > maxHeaders) {
      throw new UnsafeArchiveException(
          Violation.ENTRY_LIMIT, ustarName(), "archive has more than " + maxHeaders + " entries");
    }
    verifyChecksum();
    return true;
  }

  private byte[] readMetadata(String name, long size) throws IOException {
    if (size > MAX_METADATA_BYTES) {
      throw malformed(name, "metadata header of " + size + " bytes is too large", null);
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw malformed(name, "archive truncated inside a metadata header", null);
    }
    skipFully(padding(size));
    return data;
  }

  private void skipRest() throws IOException {
    skipFully(remaining + padding);
    remaining = 0;
    padding = 0;
  }

  private void skipFully(long n) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw malformed(null, "archive truncated", e);
    }
  }

  private String ustarName() {
    String name = cString(0, 100);
    boolean posix = header[257] == 'u' && header[262] == 0 && header[263] == '0';
    if (posix) {
      String prefix = cString(345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private static Type type(char flag, String name) {
    return switch (flag) {
      case '0', '\0', '7' -> name.endsWith("/") ? Type.DIRECTORY : Type.FILE;
      case '5' -> Type.DIRECTORY;
      case '1' -> Type.HARDLINK;
      case '2' -> Type.SYMLINK;
      case '3' -> Type.CHAR_DEVICE;
      case '4' -> Type.BLOCK_DEVICE;
      case '6' -> Type.FIFO;
      default -> Type.OTHER;
    };
  }

  private void verifyChecksum() throws UnsafeArchiveException {
    long stored = numeric(148, 8, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw malformed(ustarName(), "header checksum mismatch", null);
    }
  }

  private long numeric(int offset, int length, String field) throws UnsafeArchiveException {
    if ((header[offset] & 0x80) != 0) {
      if ((header[offset] & 0x40) != 0) {
        throw malformed(ustarName(), "negative " + field, null);
      }
      long value = header[offset] & 0x3f;
      for (int i = 1; i < length; i++) {
        if (value > (Long.MAX_VALUE >> 8)) {
          throw malformed(ustarName(), field + " overflows", null);
        }
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    long value = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
      int digit = header[i] - '0';
      if (digit < 0 || digit > 7) {
        throw malformed(ustarName(), "invalid octal in " + field, null);
      }
      value = (value << 3) | digit;
    }
    return value;
  }

  private String cString(int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String trimNuls(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\0') {
      end--;
    }
    return s.substring(0, end);
  }

  private static long padding(long size) {
    long rest = size % BLOCK;
    return rest == 0 ? 0 : BLOCK - rest;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  static UnsafeArchiveException malformed(String entry, String detail, Throwable cause) {
    return new UnsafeArchiveException(Violation.MALFORMED, entry, detail, cause);
  }

  /** The PAX records we act on; others (times, xattrs, owners) are irrelevant to extraction. */
  private record PaxRecords(String path, Long size) {

    static PaxRecords parse(byte[] bytes, String headerName) throws UnsafeArchiveException {
      String path = null;
      Long size = null;
      int pos = 0;
      while (pos < bytes.length) {
        int space = indexOf(bytes, (byte) ' ', pos);
        if (space < 0) {
          throw malformed(headerName, "malformed PAX record", null);
        }
        int length;
        try {
          length = Integer.parseInt(new String(bytes, pos, space - pos, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          throw malformed(headerName, "malformed PAX record length", e);
        }
        int end = pos + length;
        if (length <= 0 || end > bytes.length || end <= space + 1 || bytes[end - 1] != '\n') {
          throw malformed(headerName, "malformed PAX record", null);
        }
        String record = new String(bytes, space + 1, end - space - 2, StandardCharsets.UTF_8);
        int eq = record.indexOf('=');
        if (eq <= 0) {
          throw malformed(headerName, "malformed PAX record", null);
        }
        String key = record.substring(0, eq);
        String value = record.substring(eq + 1);
        if (key.equals("path")) {
          path = value;
        } else if (key.equals("size")) {
          try {
            size = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw malformed(headerName, "malformed PAX size", e);
          }
          if (size < 0) {
            throw malformed(headerName, "negative PAX size", null);
          }
        }
        pos = end;
      }
      return new PaxRecords(path, size);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
      for (int i = from; i < bytes.length; i++) {
        if (bytes[i] == b) {
          return i;
        }
      }
      return -1;
    }
  }
}
