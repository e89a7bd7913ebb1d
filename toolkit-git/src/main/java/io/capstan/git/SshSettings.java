package io.capstan.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** The SSH material of a secret: the parsed identity and the {@code known_hosts} entries. */
final class SshSettings {

  private final String user;
  private final List<KeyPair> identities;
  private final List<KnownHostEntry> knownHosts;

  private SshSettings(String user, List<KeyPair> identities, List<KnownHostEntry> knownHosts) {
    this.user = user;
    this.identities = List.copyOf(identities);
    this.knownHosts = List.copyOf(knownHosts);
  }

  String user() {
    return user;
  }

  List<KeyPair> identities() {
    return identities;
  }

  List<KnownHostEntry> knownHosts() {
    return knownHosts;
  }

  /**
   * Parses the identity (OpenSSH or PEM, optionally encrypted with {@code passphrase}) and the
   * known hosts; fails with a message that names keys of the secret, never their content.
   */
  static SshSettings of(String user, byte[] identity, String passphrase, byte[] knownHostsData)
      throws GitException.InvalidAuth {
    List<KeyPair> pairs = new ArrayList<>();
    try {
      FilePasswordProvider passwords =
          passphrase == null || passphrase.isEmpty()
              ? FilePasswordProvider.EMPTY
              : FilePasswordProvider.of(passphrase);
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("identity"),
              new ByteArrayInputStream(identity),
              passwords);
      if (loaded != null) {
        loaded.forEach(pairs::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (passphrase == null || passphrase.isEmpty()) {
        throw new GitException.InvalidAuth(
            "invalid 'ssh' auth option: cannot parse 'identity' (if the key is encrypted, the"
                + " secret needs a 'password' field)");
      }
      throw new GitException.InvalidAuth(
          "invalid 'ssh' auth option: cannot parse 'identity' with the given 'password'");
    }
    if (pairs.isEmpty()) {
      throw new GitException.InvalidAuth(
          "invalid 'ssh' auth option: 'identity' holds no private key");
    }
    List<KnownHostEntry> hosts;
    try (Reader r =
        new InputStreamReader(new ByteArrayInputStream(knownHostsData), StandardCharsets.UTF_8)) {
      hosts = KnownHostEntry.readKnownHostEntries(r, true);
    } catch (IOException | RuntimeException e) {
      throw new GitException.InvalidAuth("invalid 'ssh' auth option: cannot parse 'known_hosts'");
    }
    if (hosts == null || hosts.isEmpty()) {
      throw new GitException.InvalidAuth(
          "invalid 'ssh' auth option: 'known_hosts' holds no host key");
    }
    return new SshSettings(user, pairs, hosts);
  }
}
