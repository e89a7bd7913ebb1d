package io.capstan.testing.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.eclipse.jgit.lib.Repository;

/**
 * An in-process Git-over-SSH server (Apache MINA SSHD running JGit's upload-pack and receive-pack)
 * on 127.0.0.1 with an ephemeral port. Clients authenticate with a public key only; the host key is
 * generated per server and exported as a {@code known_hosts} line.
 *
 * <pre>{@code
 * SshKey client = SshKey.ecdsa();
 * try (GitSshServer server = GitSshServer.start(List.of(client.keyPair().getPublic()))) {
 *   server.serve("podinfo", repo.repository());
 *   URI url = server.url("podinfo");          // ssh://git@127.0.0.1:PORT/podinfo.git
 *   String knownHosts = server.knownHostsLine(); // [127.0.0.1]:PORT ecdsa-sha2-nistp256 AAAA...
 * }
 * }</pre>
 */
public final class GitSshServer implements AutoCloseable {

  private final SshServer sshd;
  private final SshKey hostKey;
  private final Set<PublicKey> authorizedKeys = ConcurrentHashMap.newKeySet();
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
  private final GitRequestLog log = new GitRequestLog();
  private final List<String> users = new CopyOnWriteArrayList<>();
  private volatile boolean allowPush;

  private GitSshServer(List<PublicKey> clientKeys) {
    this.hostKey = SshKey.ecdsa();
    this.authorizedKeys.addAll(clientKeys);
    this.sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey.keyPair()));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setPublickeyAuthenticator(
        (username, key, session) -> {
          users.add(username);
          return authorizedKeys.stream().anyMatch(allowed -> KeyUtils.compareKeys(allowed, key));
        });
    sshd.setCommandFactory(
        (channel, command) -> new GitPackCommand(command, this::resolve, () -> allowPush, log));
  }

  /** Starts a server that accepts clients holding any of {@code clientKeys}. */
  public static GitSshServer start(List<PublicKey> clientKeys) {
    GitSshServer server = new GitSshServer(clientKeys);
    try {
      server.sshd.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Git SSH server", e);
    }
    return server;
  }

  /** Serves {@code repository} at {@code /<name>.git}. */
  public GitSshServer serve(String name, Repository repository) {
    repositories.put(stripGitSuffix(name), repository);
    return this;
  }

  /** Accepts {@code git push}; off by default. */
  public GitSshServer allowPush(boolean allow) {
    this.allowPush = allow;
    return this;
  }

  /** Adds a client key that may authenticate from now on. */
  public GitSshServer authorize(PublicKey clientKey) {
    authorizedKeys.add(clientKey);
    return this;
  }

  /** The clone URL: {@code ssh://git@127.0.0.1:PORT/<name>.git}. */
  public URI url(String name) {
    return URI.create("ssh://git@127.0.0.1:" + port() + "/" + stripGitSuffix(name) + ".git");
  }

  /** The listening port. */
  public int port() {
    return sshd.getPort();
  }

  /** The server's host key. */
  public SshKey hostKey() {
    return hostKey;
  }

  /** A {@code known_hosts} line for this server: {@code [127.0.0.1]:PORT <type> <base64>}. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + hostKey.publicKeyLine();
  }

  /** The user names of every public-key authentication attempt so far, in order. */
  public List<String> users() {
    return List.copyOf(users);
  }

  /** Every Git command received so far (method {@code SSH}). */
  public GitRequestLog requests() {
    return log;
  }

  private Repository resolve(String path) {
    return repositories.get(stripGitSuffix(path));
  }

  static String stripGitSuffix(String name) {
    String trimmed = name;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    return trimmed.endsWith(".git") ? trimmed.substring(0, trimmed.length() - 4) : trimmed;
  }

  /** Stops the server; served repositories stay open. */
  @Override
  public void close() {
    try {
      sshd.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
