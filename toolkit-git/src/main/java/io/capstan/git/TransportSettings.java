package io.capstan.git;

import io.capstan.oci.TlsSettings;
import java.io.File;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnection;
import org.eclipse.jgit.transport.sshd.ProxyData;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Everything one checkout configures on JGit transports: credentials, bearer header, TLS trust and
 * client certificate, proxy, timeout, and a private SSH session factory that reads nothing from the
 * machine's {@code ~/.ssh}. Each checkout owns its instance, so concurrent checkouts share no
 * mutable state. Close it to release the SSH client.
 */
final class TransportSettings implements TransportConfigCallback, AutoCloseable {

  private final GitAuth auth;
  private final GitProxy proxy;
  private final int timeoutSeconds;
  private final KnownHostsVerifier knownHosts;
  private final SshdSessionFactory sshFactory;
  private final Path sshHome;
  private final java.util.concurrent.atomic.AtomicBoolean sshClosed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private TransportSettings(GitAuth auth, GitProxy proxy, Duration timeout) throws IOException {
    this.auth = auth;
    this.proxy = proxy;
    this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    if (auth.transport() == GitAuth.Transport.SSH) {
      SshSettings ssh = auth.ssh();
      this.knownHosts = new KnownHostsVerifier(ssh.knownHosts());
      this.sshHome = Files.createTempDirectory("capstan-ssh-");
      File home = sshHome.toFile();
      SshdSessionFactoryBuilder builder =
          new SshdSessionFactoryBuilder()
              .setHomeDirectory(home)
              .setSshDirectory(home)
              .setConfigStoreFactory((h, f, u) -> null)
              .setDefaultKnownHostsFiles(f -> List.of())
              .setDefaultIdentities(f -> List.of())
              .setDefaultKeysProvider(f -> ssh.identities())
              .setServerKeyDatabase((h, s) -> knownHosts)
              .setPreferredAuthentications("publickey");
      if (proxy != null) {
        ProxyData data =
            new ProxyData(
                proxy.toJavaProxy(),
                proxy.username(),
                proxy.password() == null ? null : proxy.password().toCharArray());
        builder.setProxyDataFactory(uri -> data);
      }
      this.sshFactory = builder.build(null);
    } else {
      this.knownHosts = null;
      this.sshFactory = null;
      this.sshHome = null;
    }
  }

  /** Prepares the settings for one checkout. */
  static TransportSettings of(GitAuth auth, GitProxy proxy, Duration timeout) throws IOException {
    return new TransportSettings(auth, proxy, timeout);
  }

  /** The SSH host key verifier, or {@code null} for HTTP(S). */
  KnownHostsVerifier knownHosts() {
    return knownHosts;
  }

  @Override
  public void configure(Transport transport) {
    transport.setTimeout(timeoutSeconds);
    if (auth.kind() == GitAuth.Kind.BASIC) {
      transport.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(auth.username(), auth.password()));
    }
    if (transport instanceof TransportHttp http) {
      if (auth.kind() == GitAuth.Kind.BEARER) {
        http.setAdditionalHeaders(Map.of("Authorization", "Bearer " + auth.bearerToken()));
      }
      if (auth.tls() != null || proxy != null) {
        http.setHttpConnectionFactory(new Connections(auth.tls(), proxy));
      }
    }
    if (transport instanceof SshTransport ssh && sshFactory != null) {
      ssh.setSshSessionFactory(sshFactory);
    }
  }

  /**
   * Called when the checkout's deadline passes: closes the SSH client so that a session blocked on
   * a silent server fails now instead of after SSHD's own (minutes-long) timeouts. HTTP reads are
   * already bounded by the socket timeout.
   */
  void abort() {
    closeSsh();
  }

  private void closeSsh() {
    if (sshFactory != null && sshClosed.compareAndSet(false, true)) {
      sshFactory.close();
    }
  }

  @Override
  public void close() {
    closeSsh();
    if (sshHome != null) {
      try (var files = Files.walk(sshHome)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover empty temp dir is harmless
      }
    }
  }

  /** HTTP connections with this checkout's TLS material and proxy. */
  private static final class Connections implements HttpConnectionFactory2 {
    private final TlsSettings tls;
    private final GitProxy proxy;

    Connections(TlsSettings tls, GitProxy proxy) {
      this.tls = tls;
      this.proxy = proxy;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
      return create(url, null);
    }

    @Override
    public HttpConnection create(URL url, Proxy ignored) throws IOException {
      HttpConnection c = new Connection(url, proxy == null ? Proxy.NO_PROXY : proxy.toJavaProxy());
      if (proxy != null && proxy.username() != null && proxy.type() == GitProxy.Type.HTTP) {
        String pw = proxy.password() == null ? "" : proxy.password();
        c.setRequestProperty(
            "Proxy-Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (proxy.username() + ":" + pw).getBytes(StandardCharsets.UTF_8)));
      }
      return c;
    }

    @Override
    public GitSession newSession() {
      return new GitSession() {
        @Override
        public HttpConnection configure(HttpConnection connection, boolean sslVerify)
            throws GeneralSecurityException {
          if (tls != null && "https".equalsIgnoreCase(connection.getURL().getProtocol())) {
            connection.configure(tls.keyManagers(), tls.trustManagers(), null);
          }
          return connection;
        }

        @Override
        public void close() {}
      };
    }
  }

  /** Exposes JGit's JDK connection constructor that takes a proxy. */
  private static final class Connection extends JDKHttpConnection {
    Connection(URL url, Proxy proxy) throws IOException {
      super(url, proxy);
    }
  }
}
