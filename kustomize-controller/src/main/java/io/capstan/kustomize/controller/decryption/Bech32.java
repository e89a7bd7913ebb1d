package io.capstan.kustomize.controller.decryption;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * BIP 173 Bech32 encoding, as age uses it for recipients ({@code age1...}) and identities ({@code
 * AGE-SECRET-KEY-1...}). An encoding, not a cryptographic primitive.
 */
final class Bech32 {

  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };

  /** A decoded string: its human-readable part (lower case) and data bytes. */
  record Decoded(String hrp, byte[] data) {}

  private Bech32() {}

  /** Encodes {@code data} under {@code hrp}, in lower case. */
  static String encode(String hrp, byte[] data) {
    String lowerHrp = hrp.toLowerCase(Locale.ROOT);
    byte[] values = convertBits(data, 8, 5, true);
    byte[] checksum = checksum(lowerHrp, values);
    StringBuilder out = new StringBuilder(lowerHrp).append('1');
    for (byte v : values) {
      out.append(CHARSET.charAt(v));
    }
    for (byte v : checksum) {
      out.append(CHARSET.charAt(v));
    }
    return out.toString();
  }

  /**
   * Decodes a Bech32 string (all upper or all lower case; no length limit, as age's keys exceed BIP
   * 173's 90 characters).
   *
   * @throws IllegalArgumentException for mixed case, bad characters or a wrong checksum
   */
  static Decoded decode(String text) {
    if (!text.equals(text.toLowerCase(Locale.ROOT))
        && !text.equals(text.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("mixed case");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int separator = lower.lastIndexOf('1');
    if (separator < 1 || separator + 7 > lower.length()) {
      throw new IllegalArgumentException("separator misplaced");
    }
    String hrp = lower.substring(0, separator);
    byte[] values = new byte[lower.length() - separator - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(separator + 1 + i));
      if (v < 0) {
        throw new IllegalArgumentException("invalid character");
      }
      values[i] = (byte) v;
    }
    if (polymod(expand(hrp), values) != 1) {
      throw new IllegalArgumentException("invalid checksum");
    }
    byte[] payload = new byte[values.length - 6];
    System.arraycopy(values, 0, payload, 0, payload.length);
    return new Decoded(hrp, convertBits(payload, 5, 8, false));
  }

  private static byte[] checksum(String hrp, byte[] values) {
    byte[] withZeros = new byte[values.length + 6];
    System.arraycopy(values, 0, withZeros, 0, values.length);
    int mod = polymod(expand(hrp), withZeros) ^ 1;
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    return out;
  }

  private static byte[] expand(String hrp) {
    byte[] out = new byte[hrp.length() * 2 + 1];
    for (int i = 0; i < hrp.length(); i++) {
      out[i] = (byte) (hrp.charAt(i) >> 5);
      out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
    }
    return out;
  }

  private static int polymod(byte[] hrp, byte[] values) {
    int chk = 1;
    for (byte[] part : new byte[][] {hrp, values}) {
      for (byte v : part) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (int i = 0; i < 5; i++) {
          if (((top >>> i) & 1) != 0) {
            chk ^= GENERATOR[i];
          }
        }
      }
    }
    return chk;
  }

  private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : in) {
      int value = b & 0xff;
      acc = (acc << from) | value;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & maxv);
      }
    } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
      throw new IllegalArgumentException("invalid padding");
    }
    return out.toByteArray();
  }
}
