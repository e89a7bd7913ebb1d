package io.capstan.source.storage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the raw path of an artifact request into a relative file path, or refuses it. Decoding
 * happens per segment, so {@code %2e%2e} and {@code %2f} are judged after decoding: a request can
 * never name {@code ..}, an absolute path or a hidden file (lock and temporary files).
 */
final class RequestPath {

  /** Why a request path is refused: malformed/malicious (400) or simply not servable (404). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private RequestPath() {}

  /** The relative path ({@code a/b/c.tar.gz}) of a raw request path ({@code /a/b/c.tar.gz}). */
  static String decode(String rawPath) throws Refused {
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw new Refused(400, "request path must be absolute");
    }
    if (rawPath.equals("/")) {
      throw new Refused(404, "no listing");
    }
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.substring(1).split("/", -1)) {
      String segment = percentDecode(raw);
      if (segment.isEmpty()) {
        throw new Refused(400, "empty path segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new Refused(400, "dot segments are not allowed");
      }
      if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
        throw new Refused(400, "encoded separator or NUL in path");
      }
      if (segment.startsWith(".")) {
        throw new Refused(404, "hidden files are not served");
      }
      segments.add(segment);
    }
    return String.join("/", segments);
  }

  private static String percentDecode(String s) throws Refused {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()
            || !HexFormat.isHexDigit(s.charAt(i + 1))
            || !HexFormat.isHexDigit(s.charAt(i + 2))) {
          throw new Refused(400, "malformed percent-encoding");
        }
        bytes.put((byte) HexFormat.fromHexDigits(s, i + 1, i + 3));
        i += 2;
      } else {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new Refused(400, "path is not UTF-8");
    }
  }
}
