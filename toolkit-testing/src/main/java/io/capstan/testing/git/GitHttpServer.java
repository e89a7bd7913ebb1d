package io.capstan.testing.git;

import io.capstan.testing.tls.CertificateAuthority;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * An in-process Git smart-HTTP server (JGit's {@code GitServlet} on Jetty 12) on 127.0.0.1 with an
 * ephemeral port, optional HTTPS, optional HTTP basic authentication, optional push, and a {@link
 * GitRequestLog} that lets a test prove whether a clone or fetch happened.
 *
 * <pre>{@code
 * try (GitHttpServer server = GitHttpServer.builder().basicAuth("git", "secret").start()) {
 *   server.serve("podinfo", repo.repository());
 *   URI url = server.url("podinfo"); // http://127.0.0.1:PORT/podinfo.git
 * }
 * }</pre>
 */
public final class GitHttpServer implements AutoCloseable {

  private final Server server;
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
  private final GitRequestLog log = new GitRequestLog();
  private final String username;
  private final String password;
  private final boolean allowPush;
  private final CertificateAuthority authority;
  private final boolean needClientCertificate;
  private final String bearerToken;
  private final String proxyAuthorization;
  private final List<String> proxiedHosts = new CopyOnWriteArrayList<>();
  private final List<String> pushOptions = new CopyOnWriteArrayList<>();

  private GitHttpServer(Builder builder) {
    this.username = builder.username;
    this.password = builder.password;
    this.allowPush = builder.allowPush;
    this.authority = builder.authority;
    this.needClientCertificate = builder.needClientCertificate;
    this.bearerToken = builder.bearerToken;
    this.proxyAuthorization =
        builder.proxyUser == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (builder.proxyUser + ":" + builder.proxyPassword)
                            .getBytes(StandardCharsets.UTF_8));
    this.server = new Server();
  }

  /** Options for a new server. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link GitHttpServer}. */
  public static final class Builder {
    private String username;
    private String password;
    private boolean allowPush;
    private CertificateAuthority authority;
    private boolean needClientCertificate;
    private String bearerToken;
    private String proxyUser;
    private String proxyPassword;

    private Builder() {}

    /**
     * With {@link #https}: demands a client certificate issued by the same authority (mutual TLS);
     * a client without one fails the TLS handshake.
     */
    public Builder requireClientCertificate() {
      this.needClientCertificate = true;
      return this;
    }

    /** Requires {@code Authorization: Bearer <token>} for every request (401 otherwise). */
    public Builder bearerToken(String token) {
      this.bearerToken = token;
      return this;
    }

    /**
     * Lets the server double as an HTTP forward proxy for Git requests (absolute-form request
     * targets are served by their path) that demands these proxy credentials (407 otherwise). Hosts
     * reached through it are listed by {@link #proxiedHosts()}; without this option proxied
     * requests are still served and listed, without a credential check.
     */
    public Builder proxyAuth(String username, String password) {
      this.proxyUser = username;
      this.proxyPassword = password;
      return this;
    }

    /**
     * Serves HTTPS with a certificate for 127.0.0.1 issued by {@code authority}; clients must trust
     * {@link CertificateAuthority#certificatePem()}.
     */
    public Builder https(CertificateAuthority authority) {
      this.authority = authority;
      return this;
    }

    /** Requires HTTP basic authentication with these credentials for every request. */
    public Builder basicAuth(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /** Accepts {@code git push} (receive-pack); off by default. */
    public Builder allowPush(boolean allowPush) {
      this.allowPush = allowPush;
      return this;
    }

    /** Starts the server on an ephemeral loopback port. */
    public GitHttpServer start() {
      GitHttpServer server = new GitHttpServer(this);
      server.startJetty();
      return server;
    }
  }

  private void startJetty() {
    ServerConnector connector;
    if (authority == null) {
      connector = new ServerConnector(server);
    } else {
      char[] password = "capstan-test".toCharArray();
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStore(authority.issueLoopbackServer().keyStore(password));
      tls.setKeyStorePassword(new String(password));
      if (needClientCertificate) {
        tls.setTrustStore(trustStore(authority));
        tls.setNeedClientAuth(true);
      }
      connector = new ServerConnector(server, tls);
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        (request, name) -> {
          Repository repository = repositories.get(repositoryName(name));
          if (repository == null) {
            throw new RepositoryNotFoundException(name);
          }
          repository.incrementOpen();
          return repository;
        });
    git.setReceivePackFactory(
        (request, repository) -> {
          if (!allowPush) {
            throw new ServiceNotEnabledException("push is disabled on this test server");
          }
          ReceivePack receivePack = new ReceivePack(repository);
          receivePack.setAllowPushOptions(true);
          receivePack.setPreReceiveHook(
              (pack, commands) -> {
                List<String> options = pack.getPushOptions();
                if (options != null) {
                  pushOptions.addAll(options);
                }
              });
          return receivePack;
        });

    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(new RecordingAuthFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(git), "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the Git HTTP server", e);
    }
  }

  /** Serves {@code repository} at {@code /<name>.git} (and {@code /<name>}). */
  public GitHttpServer serve(String name, Repository repository) {
    repositories.put(repositoryName(name), repository);
    return this;
  }

  /**
   * The clone URL of a served repository: {@code http://127.0.0.1:PORT/<name>.git} ({@code https}
   * when built with {@link Builder#https}).
   */
  public URI url(String name) {
    String scheme = authority == null ? "http" : "https";
    return URI.create(scheme + "://127.0.0.1:" + port() + "/" + repositoryName(name) + ".git");
  }

  /** The listening port. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /**
   * This server's address as an HTTP proxy URL ({@code http://127.0.0.1:PORT}), for clients that
   * use it as a forward proxy.
   */
  public String proxyAddress() {
    return "http://127.0.0.1:" + port();
  }

  /** Every push option ({@code git push -o}) received by an accepted push, in order. */
  public List<String> pushOptions() {
    return List.copyOf(pushOptions);
  }

  /** Host names of requests received as a forward proxy (absolute-form targets), in order. */
  public List<String> proxiedHosts() {
    return List.copyOf(proxiedHosts);
  }

  private static KeyStore trustStore(CertificateAuthority authority) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", authority.certificate());
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build the client trust store", e);
    }
  }

  /** Every request received so far, including rejected ones. */
  public GitRequestLog requests() {
    return log;
  }

  private static String repositoryName(String name) {
    String trimmed = name.startsWith("/") ? name.substring(1) : name;
    return trimmed.endsWith(".git") ? trimmed.substring(0, trimmed.length() - 4) : trimmed;
  }

  /** Stops the server; the served repositories stay open (their owner closes them). */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the Git HTTP server", e);
    }
  }

  /** Records each request, then enforces basic authentication when configured. */
  private final class RecordingAuthFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      String host = request.getServerName();
      if (host != null && !host.equals("127.0.0.1") && !host.equals("localhost")) {
        proxiedHosts.add(host);
        if (proxyAuthorization != null
            && !proxyAuthorization.equals(request.getHeader("Proxy-Authorization"))) {
          response.setHeader("Proxy-Authenticate", "Basic realm=\"capstan-proxy\"");
          response.sendError(407);
          return;
        }
      }
      boolean authorized =
          (username == null || credentialsMatch(request))
              && (bearerToken == null
                  || ("Bearer " + bearerToken).equals(request.getHeader("Authorization")));
      String query = request.getQueryString();
      String target = request.getRequestURI() + (query == null ? "" : "?" + query);
      HttpServletRequest forwarded = request;
      boolean wantsObjects = false;
      if (authorized && request.getRequestURI().endsWith("/git-upload-pack")) {
        BufferedBodyRequest buffered = new BufferedBodyRequest(request);
        wantsObjects = GitRequestLog.wantsObjects(buffered.decodedBody());
        forwarded = buffered;
      }
      log.record(
          request.getMethod(),
          target,
          authorized,
          GitRequestLog.classifyHttp(request.getRequestURI(), wantsObjects));
      if (!authorized) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"capstan-git\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        return;
      }
      chain.doFilter(forwarded, response);
    }

    private boolean credentialsMatch(HttpServletRequest request) {
      String header = request.getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return false;
      }
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      return decoded.equals(username + ":" + password);
    }
  }
}
