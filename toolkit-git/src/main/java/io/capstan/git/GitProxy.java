package io.capstan.git;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A proxy for all remote Git operations of one checkout, read from the Secret named by a
 * GitRepository's {@code spec.proxySecretRef}: {@code address} (required; {@code http://}, {@code
 * https://} or {@code socks5://}), and optional {@code username}/{@code password} for proxies that
 * require basic authentication. {@link #toString()} never prints the password.
 */
public final class GitProxy {

  /** The proxy protocol. */
  public enum Type {
    HTTP,
    SOCKS5
  }

  private final Type type;
  private final String host;
  private final int port;
  private final String username;
  private final String password;

  private GitProxy(Type type, String host, int port, String username, String password) {
    this.type = type;
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
  }

  /**
   * Reads a proxy secret's data.
   *
   * @throws GitException.InvalidAuth when {@code address} is missing or not a usable proxy URL
   */
  public static GitProxy fromSecret(Map<String, byte[]> data) throws GitException.InvalidAuth {
    String address = text(data, "address");
    if (address == null) {
      throw new GitException.InvalidAuth("invalid proxy secret: key 'address' not found");
    }
    URI uri;
    try {
      uri = new URI(address.trim());
    } catch (URISyntaxException e) {
      throw new GitException.InvalidAuth("invalid proxy secret: 'address' is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Type type =
        switch (scheme) {
          case "http", "https" -> Type.HTTP;
          case "socks5" -> Type.SOCKS5;
          default ->
              throw new GitException.InvalidAuth(
                  "invalid proxy secret: unsupported proxy scheme '" + scheme + "'");
        };
    if (uri.getHost() == null) {
      throw new GitException.InvalidAuth("invalid proxy secret: 'address' has no host");
    }
    int port = uri.getPort();
    if (port < 0) {
      port =
          switch (scheme) {
            case "https" -> 443;
            case "socks5" -> 1080;
            default -> 80;
          };
    }
    String username = text(data, "username");
    String password = text(data, "password");
    if (username == null && password != null) {
      throw new GitException.InvalidAuth(
          "invalid proxy secret: 'password' requires 'username' to be set");
    }
    return new GitProxy(type, uri.getHost(), port, username, password);
  }

  /** The proxy protocol. */
  public Type type() {
    return type;
  }

  /** The proxy host. */
  public String host() {
    return host;
  }

  /** The proxy port. */
  public int port() {
    return port;
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  /** The equivalent JDK proxy. */
  java.net.Proxy toJavaProxy() {
    return new java.net.Proxy(
        type == Type.HTTP ? java.net.Proxy.Type.HTTP : java.net.Proxy.Type.SOCKS,
        java.net.InetSocketAddress.createUnresolved(host, port));
  }

  /** Type, host and port only. */
  @Override
  public String toString() {
    return "GitProxy[" + type + " " + host + ":" + port + (username != null ? ", auth" : "") + "]";
  }

  private static String text(Map<String, byte[]> data, String key) {
    byte[] v = data.get(key);
    return v == null || v.length == 0 ? null : new String(v, StandardCharsets.UTF_8);
  }
}
