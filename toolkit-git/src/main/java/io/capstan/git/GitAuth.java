package io.capstan.git;

import io.capstan.oci.TlsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Credentials for one repository URL, built from a Kubernetes Secret's {@code data} the way Flux
 * reads it:
 *
 * <ul>
 *   <li>{@code http}/{@code https}: {@code username} + {@code password} (basic auth, falling back
 *       to the URL's user info), or {@code bearerToken} ({@code Authorization: Bearer}); never
 *       both. {@code ca.crt} (or the deprecated {@code caFile}; {@code ca.crt} wins) replaces the
 *       trusted CAs; {@code tls.crt} + {@code tls.key} give a client certificate. TLS keys are
 *       ignored for {@code http}.
 *   <li>{@code ssh}: {@code identity} (private key, optional {@code password} passphrase) and
 *       {@code known_hosts} are both required: the host key is always verified. The user is the
 *       URL's, or {@code git}.
 * </ul>
 *
 * <p>Instances hold secret material: {@link #toString()} and every exception message name only the
 * kind of credentials and the keys involved, never values.
 */
public final class GitAuth {

  /** The transport, from the URL scheme. */
  public enum Transport {
    HTTP,
    HTTPS,
    SSH
  }

  /** The kind of credentials presented to the server. */
  public enum Kind {
    NONE,
    BASIC,
    BEARER,
    SSH_KEY
  }

  private final Transport transport;
  private final Kind kind;
  private final String username;
  private final String password;
  private final String bearerToken;
  private final TlsSettings tls;
  private final SshSettings ssh;

  private GitAuth(
      Transport transport,
      Kind kind,
      String username,
      String password,
      String bearerToken,
      TlsSettings tls,
      SshSettings ssh) {
    this.transport = transport;
    this.kind = kind;
    this.username = username;
    this.password = password;
    this.bearerToken = bearerToken;
    this.tls = tls;
    this.ssh = ssh;
  }

  /** No credentials; valid for {@code http} and {@code https} URLs only. */
  public static GitAuth anonymous(String url) throws GitException.InvalidAuth {
    return fromSecret(url, Map.of());
  }

  /**
   * Reads the credentials for {@code url} from a secret's data; an empty map means no secret.
   *
   * @throws GitException.InvalidAuth when the URL is not http, https or ssh, or the data cannot
   *     form valid credentials for it (message names the keys, never their values)
   */
  public static GitAuth fromSecret(String url, Map<String, byte[]> data)
      throws GitException.InvalidAuth {
    URI uri = parse(url);
    Transport transport =
        switch (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) {
          case "http" -> Transport.HTTP;
          case "https" -> Transport.HTTPS;
          case "ssh" -> Transport.SSH;
          case "" -> throw new GitException.InvalidAuth("no transport type set in URL");
          default ->
              throw new GitException.InvalidAuth("unknown transport '" + uri.getScheme() + "'");
        };
    String userInfo = uri.getRawUserInfo();
    String urlUser = null;
    String urlPassword = null;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      urlUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      urlPassword = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    if (transport == Transport.SSH) {
      return ssh(uri, urlUser, data);
    }
    return http(transport, urlUser, urlPassword, data);
  }

  private static GitAuth ssh(URI uri, String urlUser, Map<String, byte[]> data)
      throws GitException.InvalidAuth {
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new GitException.InvalidAuth("invalid 'ssh' auth option: 'host' is required");
    }
    byte[] identity = data.get("identity");
    byte[] knownHosts = data.get("known_hosts");
    if (identity == null || identity.length == 0) {
      throw new GitException.InvalidAuth("invalid 'ssh' auth option: 'identity' is required");
    }
    if (knownHosts == null || knownHosts.length == 0) {
      throw new GitException.InvalidAuth(
          "invalid 'ssh' auth option: 'known_hosts' is required (host keys are always verified)");
    }
    String user = urlUser == null || urlUser.isEmpty() ? "git" : urlUser;
    String passphrase = text(data, "password");
    SshSettings ssh = SshSettings.of(user, identity, passphrase, knownHosts);
    return new GitAuth(Transport.SSH, Kind.SSH_KEY, user, null, null, null, ssh);
  }

  private static GitAuth http(
      Transport transport, String urlUser, String urlPassword, Map<String, byte[]> data)
      throws GitException.InvalidAuth {
    String scheme = transport.name().toLowerCase(Locale.ROOT);
    String username = text(data, "username");
    String password = text(data, "password");
    String token = text(data, "bearerToken");
    if (token != null && (username != null || password != null)) {
      throw new GitException.InvalidAuth(
          "invalid '"
              + scheme
              + "' auth option: basic auth and bearer token cannot be set at the"
              + " same time");
    }
    if (token == null) {
      if (username == null) {
        username = urlUser;
      }
      if (password == null) {
        password = urlPassword;
      }
    } else if (urlUser != null) {
      throw new GitException.InvalidAuth(
          "invalid '"
              + scheme
              + "' auth option: basic auth and bearer token cannot be set at the"
              + " same time (the URL carries user info)");
    }
    if ((username == null || username.isEmpty()) && password != null && !password.isEmpty()) {
      throw new GitException.InvalidAuth(
          "invalid '" + scheme + "' auth option: 'password' requires 'username' to be set");
    }
    TlsSettings tls = null;
    if (transport == Transport.HTTPS) {
      byte[] ca = nonEmpty(data.get("ca.crt"));
      if (ca == null) {
        ca = nonEmpty(data.get("caFile"));
      }
      byte[] cert = nonEmpty(data.get("tls.crt"));
      byte[] key = nonEmpty(data.get("tls.key"));
      if (ca != null || cert != null || key != null) {
        try {
          tls = TlsSettings.fromPem(ca, cert, key);
        } catch (TlsSettings.InvalidMaterial e) {
          throw new GitException.InvalidAuth("invalid TLS auth option: " + e.getMessage());
        }
      }
    }
    Kind kind =
        token != null
            ? Kind.BEARER
            : username != null && !username.isEmpty() ? Kind.BASIC : Kind.NONE;
    return new GitAuth(
        transport,
        kind,
        kind == Kind.BASIC ? username : null,
        kind == Kind.BASIC ? (password == null ? "" : password) : null,
        token,
        tls,
        null);
  }

  /** The transport derived from the URL scheme. */
  public Transport transport() {
    return transport;
  }

  /** The kind of credentials that will be presented. */
  public Kind kind() {
    return kind;
  }

  /** Whether a custom CA or client certificate is configured. */
  public boolean hasTls() {
    return tls != null;
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  String bearerToken() {
    return bearerToken;
  }

  TlsSettings tls() {
    return tls;
  }

  SshSettings ssh() {
    return ssh;
  }

  /**
   * The URL JGit should connect to: for SSH without a user in the URL, Flux's default user {@code
   * git} is inserted (JGit would otherwise use the local OS user).
   */
  String connectUrl(String url) {
    if (transport != Transport.SSH || url.substring(url.indexOf("://") + 3).contains("@")) {
      return url;
    }
    int start = url.indexOf("://") + 3;
    return url.substring(0, start) + ssh.user() + "@" + url.substring(start);
  }

  /** The URL without user info, safe to write into a repository's config on disk. */
  static String withoutCredentials(String url) {
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }

  /** Describes the kind of credentials only; never prints secret values. */
  @Override
  public String toString() {
    return "GitAuth["
        + transport.name().toLowerCase(Locale.ROOT)
        + ", "
        + kind
        + (tls != null ? ", tls" : "")
        + "]";
  }

  private static URI parse(String url) throws GitException.InvalidAuth {
    try {
      return new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw new GitException.InvalidAuth("cannot parse url");
    }
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static byte[] nonEmpty(byte[] b) {
    return b == null || b.length == 0 ? null : b;
  }

  private static String text(Map<String, byte[]> data, String key) {
    byte[] v = data.get(key);
    return v == null || v.length == 0 ? null : new String(v, StandardCharsets.UTF_8);
  }
}
