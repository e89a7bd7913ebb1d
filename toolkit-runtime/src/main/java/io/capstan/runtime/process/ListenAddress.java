package io.capstan.runtime.process;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A Go-style listen address as Flux's flags take it: {@code host:port}, {@code :port} (all
 * interfaces) or {@code [v6]:port}; port 0 picks a free port.
 */
public final class ListenAddress {

  private ListenAddress() {}

  /**
   * The socket address {@code address} names (unresolved hosts are resolved here).
   *
   * @throws IllegalArgumentException when there is no port or it is not a number
   */
  public static InetSocketAddress parse(String address) {
    Objects.requireNonNull(address, "address");
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address must be host:port or :port, got " + address);
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port in " + address, e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in " + address);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
