package io.capstan.gotemplate;

import java.io.ByteArrayOutputStream;

/** Go's base64.StdEncoding decoder (strict padding, newlines ignored, Go's error text). */
final class GoBase64 {
  private GoBase64() {}

  static final class CorruptInput extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptInput(long offset) {
      super("illegal base64 data at input byte " + offset);
    }
  }

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  static byte[] decode(String s) throws CorruptInput {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3 / 4);
    int[] quantum = new int[4];
    int n = 0;
    int i = 0;
    int len = s.length();
    while (i < len) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        i++;
        continue;
      }
      if (c == '=') {
        // padding: valid only at positions 2 or 3 of a quantum
        if (n < 2) {
          throw new CorruptInput(i);
        }
        int j = i + 1;
        if (n == 2) {
          while (j < len && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
            j++;
          }
          if (j >= len || s.charAt(j) != '=') {
            throw new CorruptInput(j >= len ? len : j);
          }
          j++;
        }
        while (j < len && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
          j++;
        }
        if (j < len) {
          throw new CorruptInput(j);
        }
        int v = (quantum[0] << 18) | (quantum[1] << 12) | ((n > 2 ? quantum[2] : 0) << 6);
        out.write((v >> 16) & 0xff);
        if (n == 3) {
          out.write((v >> 8) & 0xff);
        }
        return out.toByteArray();
      }
      int d = c < 128 ? ALPHABET.indexOf(c) : -1;
      if (d < 0) {
        throw new CorruptInput(i);
      }
      quantum[n++] = d;
      if (n == 4) {
        int v = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
        out.write((v >> 16) & 0xff);
        out.write((v >> 8) & 0xff);
        out.write(v & 0xff);
        n = 0;
      }
      i++;
    }
    if (n != 0) {
      throw new CorruptInput(len - n + (n == 1 ? 0 : 0));
    }
    return out.toByteArray();
  }
}
