package io.capstan.runtime.cel;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IP address as the CEL {@code net.IP} type of Kubernetes holds it: parsed as Go's {@code
 * netip.ParseAddr} (no DNS, no leading zeros in IPv4 octets), refusing zones and IPv4-mapped IPv6
 * addresses as Kubernetes does; printed in Go's canonical form (RFC 5952 for IPv6).
 */
public record CelIp(InetAddress address) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with Kubernetes' error text
   */
  public static CelIp parse(String text) {
    if (text.contains("%")) {
      throw new IllegalArgumentException(
          "IP address \"" + text + "\" with zone value is not allowed");
    }
    InetAddress address;
    try {
      address = InetAddresses.forString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "IP Address \""
              + text
              + "\" parse error during conversion from string: ParseAddr(\""
              + text
              + "\"): invalid IP address",
          e);
    }
    if (text.contains(":") && address instanceof Inet4Address) {
      throw new IllegalArgumentException(
          "IPv4-mapped IPv6 address \"" + text + "\" is not allowed");
    }
    return new CelIp(address);
  }

  /** Whether {@code text} parses as an IP address. */
  public static boolean isIp(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code text} is an IP address written in its canonical form. */
  public static boolean isCanonical(String text) {
    return parse(text).toString().equals(text);
  }

  /** 4 or 6. */
  public long family() {
    return address instanceof Inet4Address ? 4 : 6;
  }

  /** {@code 0.0.0.0} or {@code ::}. */
  public boolean isUnspecified() {
    return address.isAnyLocalAddress();
  }

  /** {@code 127.0.0.0/8} or {@code ::1}. */
  public boolean isLoopback() {
    return address.isLoopbackAddress();
  }

  /** {@code 224.0.0.0/24} or {@code ff02::/16} (any flags). */
  public boolean isLinkLocalMulticast() {
    return address.isMCLinkLocal();
  }

  /** {@code 169.254.0.0/16} or {@code fe80::/10}. */
  public boolean isLinkLocalUnicast() {
    return address.isLinkLocalAddress();
  }

  /**
   * Go's {@code IsGlobalUnicast}: not unspecified, loopback, multicast, link-local unicast or the
   * IPv4 broadcast address (private ranges are global unicast).
   */
  public boolean isGlobalUnicast() {
    byte[] bytes = address.getAddress();
    boolean broadcast = bytes.length == 4 && Arrays.equals(bytes, new byte[] {-1, -1, -1, -1});
    return !isUnspecified()
        && !isLoopback()
        && !address.isMulticastAddress()
        && !isLinkLocalUnicast()
        && !broadcast;
  }

  byte[] bytes() {
    return address.getAddress();
  }

  @Override
  public String toString() {
    return InetAddresses.toAddrString(address);
  }
}
