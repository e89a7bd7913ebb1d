package io.capstan.runtime.cel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP prefix as the CEL {@code net.CIDR} type of Kubernetes holds it: Go's {@code
 * netip.ParsePrefix} (the address keeps its host bits, {@code /bits} in decimal without leading
 * zeros), IPv4-mapped IPv6 addresses refused.
 */
public record CelCidr(CelIp ip, int prefixLength) {

  private static final String PARSE_ERROR =
      "network address parse error during conversion from string: ";

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with Kubernetes' error text
   */
  public static CelCidr parse(String text) {
    int slash = text.lastIndexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          PARSE_ERROR + PARSE_ERROR + "netip.ParsePrefix(\"" + text + "\"): no '/'");
    }
    String bitsText = text.substring(slash + 1);
    CelIp ip;
    try {
      ip = CelIp.parse(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith("IPv4-mapped")) {
        throw new IllegalArgumentException(
            PARSE_ERROR + "IPv4-mapped IPv6 address \"" + text + "\" is not allowed", e);
      }
      throw new IllegalArgumentException(
          PARSE_ERROR + PARSE_ERROR + "netip.ParsePrefix(\"" + text + "\"): bad address", e);
    }
    int max = ip.family() == 4 ? 32 : 128;
    int bits = -1;
    if (bitsText.matches("0|[1-9][0-9]{0,2}")) {
      bits = Integer.parseInt(bitsText);
    }
    if (bits < 0 || bits > max) {
      throw new IllegalArgumentException(
          PARSE_ERROR
              + PARSE_ERROR
              + "netip.ParsePrefix(\""
              + text
              + "\"): bad bits after slash: \""
              + bitsText
              + "\"");
    }
    return new CelCidr(ip, bits);
  }

  /** Whether {@code text} parses as a CIDR. */
  public static boolean isCidr(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code other} is of the same family and inside this prefix. */
  public boolean containsIp(CelIp other) {
    return other.family() == ip.family()
        && Arrays.equals(mask(other.bytes(), prefixLength), mask(ip.bytes(), prefixLength));
  }

  /** Whether {@code other} is of the same family and lies wholly inside this prefix. */
  public boolean containsCidr(CelCidr other) {
    return other.ip.family() == ip.family()
        && prefixLength <= other.prefixLength
        && containsIp(other.ip);
  }

  /** The prefix with its host bits cleared ({@code 10.1.2.3/8} → {@code 10.0.0.0/8}). */
  public CelCidr masked() {
    try {
      return new CelCidr(
          new CelIp(InetAddress.getByAddress(mask(ip.bytes(), prefixLength))), prefixLength);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
    }
  }

  private static byte[] mask(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      out[i] = (byte) (out[i] & (0xff00 >> keep));
    }
    return out;
  }

  @Override
  public String toString() {
    return ip + "/" + prefixLength;
  }
}
