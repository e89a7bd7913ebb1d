package io.capstan.testing.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Splits the raw bytes of signed Git objects into the part a signature covers. */
final class SignedObjects {

  private static final byte[] TAG_SIGNATURE_START =
      "-----BEGIN PGP SIGNATURE-----".getBytes(StandardCharsets.US_ASCII);

  private SignedObjects() {}

  /** The commit without its {@code gpgsig} header and that header's continuation lines. */
  static byte[] commitPayload(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    int i = 0;
    boolean inHeaders = true;
    boolean skipping = false;
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, raw.length);
      if (inHeaders) {
        if (end == i) {
          inHeaders = false; // blank line: message follows
          skipping = false;
        } else if (startsWith(raw, i, "gpgsig ")) {
          skipping = true;
        } else if (!(skipping && raw[i] == ' ')) {
          skipping = false;
        }
      }
      if (!(inHeaders && skipping)) {
        out.write(raw, i, next - i);
      }
      i = next;
    }
    return out.toByteArray();
  }

  /** The tag without the trailing armored signature appended to its message. */
  static byte[] tagPayload(byte[] raw) {
    for (int i = raw.length - TAG_SIGNATURE_START.length; i >= 0; i--) {
      if ((i == 0 || raw[i - 1] == '\n') && startsWith(raw, i, TAG_SIGNATURE_START)) {
        byte[] payload = new byte[i];
        System.arraycopy(raw, 0, payload, 0, i);
        return payload;
      }
    }
    return raw.clone();
  }

  private static boolean startsWith(byte[] raw, int at, String prefix) {
    return startsWith(raw, at, prefix.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean startsWith(byte[] raw, int at, byte[] prefix) {
    if (at + prefix.length > raw.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (raw[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }
}
