package io.capstan.gotemplate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's base32.StdEncoding (RFC 4648 with padding). */
final class Base32 {
  private Base32() {}

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  static String encode(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length + 4) / 5 * 8);
    for (int i = 0; i < data.length; i += 5) {
      long buf = 0;
      int n = Math.min(5, data.length - i);
      for (int j = 0; j < 5; j++) {
        buf = (buf << 8) | (j < n ? (data[i + j] & 0xff) : 0);
      }
      int chars = (n * 8 + 4) / 5;
      for (int j = 0; j < 8; j++) {
        if (j < chars) {
          sb.append(ALPHABET.charAt((int) ((buf >> (35 - j * 5)) & 31)));
        } else {
          sb.append('=');
        }
      }
    }
    return sb.toString();
  }

  static String decode(String s) {
    String t = s.replace("\r", "").replace("\n", "");
    if (t.length() % 8 != 0) {
      return "illegal base32 data at input byte " + (t.length() / 8 * 8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < t.length(); i += 8) {
      long buf = 0;
      int valid = 0;
      for (int j = 0; j < 8; j++) {
        char c = t.charAt(i + j);
        int d;
        if (c == '=') {
          d = 0;
        } else {
          d = ALPHABET.indexOf(c);
          if (d < 0 || valid != j) {
            return "illegal base32 data at input byte " + (i + j);
          }
          valid++;
        }
        buf = (buf << 5) | d;
      }
      int bytes = valid * 5 / 8;
      for (int j = 0; j < bytes; j++) {
        out.write((int) ((buf >> (32 - j * 8)) & 0xff));
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }
}
