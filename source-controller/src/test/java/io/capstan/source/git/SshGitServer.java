package io.capstan.source.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Test-only Git-over-SSH server on 127.0.0.1 (Apache MINA SSHD + JGit upload-pack): public key
 * authentication against a list of authorized keys, a generated host key, and helpers that produce
 * the secret values a client needs ({@code identity}, {@code known_hosts}).
 */
final class SshGitServer implements AutoCloseable {

  private final SshServer sshd;
  private final KeyPair hostKey;
  private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
  private final List<String> users = new CopyOnWriteArrayList<>();

  SshGitServer(Path root) throws Exception {
    hostKey = newKeyPair();
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> {
          users.add(user);
          return authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        });
    sshd.setCommandFactory((channel, command) -> new UploadPackCommand(root, command));
    sshd.start();
  }

  static KeyPair newKeyPair() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    return gen.generateKeyPair();
  }

  /** The OpenSSH private key file content, encrypted when {@code passphrase} is given. */
  static byte[] openSshPrivateKey(KeyPair pair, String passphrase) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyEncryptionContext enc = null;
    if (passphrase != null) {
      enc = new OpenSSHKeyEncryptionContext();
      enc.setPassword(passphrase);
      enc.setCipherName("AES");
      enc.setCipherType("256");
    }
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", enc, out);
    return out.toByteArray();
  }

  void authorize(PublicKey key) {
    authorized.add(key);
  }

  /** The user names clients authenticated as, in order. */
  List<String> users() {
    return List.copyOf(users);
  }

  int port() {
    return sshd.getPort();
  }

  String url(String repo) {
    return "ssh://git@127.0.0.1:" + port() + "/" + repo;
  }

  /** A {@code known_hosts} line for this server with its real host key. */
  byte[] knownHosts() {
    return knownHostsLine(hostKey.getPublic());
  }

  /** A {@code known_hosts} line for this server's address with some other key. */
  byte[] knownHostsLine(PublicKey key) {
    return ("[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  /** Runs {@code git-upload-pack '<repo>'} with JGit. */
  private static final class UploadPackCommand implements Command {
    private final Path root;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Path root, String command) {
      this.root = root;
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread t =
          new Thread(
              () -> {
                int code = 0;
                try {
                  if (!command.startsWith("git-upload-pack ")) {
                    throw new IOException("unsupported command " + command);
                  }
                  String repo = command.substring("git-upload-pack ".length()).replace("'", "");
                  Path dir = root.resolve(repo.startsWith("/") ? repo.substring(1) : repo);
                  try (Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).build()) {
                    new UploadPack(r).upload(in, out, err);
                  }
                } catch (Exception e) {
                  code = 1;
                } finally {
                  try {
                    out.flush();
                  } catch (IOException ignored) {
                    // channel gone
                  }
                  exit.onExit(code);
                }
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
