package io.capstan.git;

import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Accepts an SSH server only if its host key is listed for that host (and port) in the secret's
 * {@code known_hosts}; never learns new keys. {@code @revoked} entries reject, {@code
 * @cert-authority} entries are not supported and ignored. Records the last rejection so the
 * checkout can report an unknown host key precisely.
 */
final class KnownHostsVerifier implements ServerKeyDatabase {

  private final List<KnownHostEntry> entries;
  private volatile String rejection;

  KnownHostsVerifier(List<KnownHostEntry> entries) {
    this.entries = entries;
  }

  /** Why the last host key was rejected, or {@code null} if none was. */
  String rejection() {
    return rejection;
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    List<PublicKey> keys = new ArrayList<>();
    for (KnownHostEntry e : matching(connectAddress, remoteAddress)) {
      if (e.getMarker() == null) {
        PublicKey k = resolve(e);
        if (k != null) {
          keys.add(k);
        }
      }
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    boolean accepted = false;
    for (KnownHostEntry e : matching(connectAddress, remoteAddress)) {
      PublicKey k = resolve(e);
      if (k == null || !KeyUtils.compareKeys(k, serverKey)) {
        continue;
      }
      if ("revoked".equals(e.getMarker())) {
        rejection = "host key for '" + connectAddress + "' is revoked in known_hosts";
        return false;
      }
      if (e.getMarker() == null) {
        accepted = true;
      }
    }
    if (!accepted) {
      rejection =
          "unknown host key for '"
              + connectAddress
              + "': "
              + KeyUtils.getKeyType(serverKey)
              + " "
              + KeyUtils.getFingerPrint(serverKey)
              + " is not in known_hosts";
    }
    return accepted;
  }

  private List<KnownHostEntry> matching(String connectAddress, InetSocketAddress remote) {
    List<String[]> candidates = new ArrayList<>();
    candidates.add(hostAndPort(connectAddress));
    if (remote != null) {
      candidates.add(new String[] {remote.getHostString(), Integer.toString(remote.getPort())});
    }
    List<KnownHostEntry> found = new ArrayList<>();
    for (KnownHostEntry e : entries) {
      for (String[] c : candidates) {
        if (c[0] != null && e.isHostMatch(c[0], Integer.parseInt(c[1]))) {
          found.add(e);
          break;
        }
      }
    }
    return found;
  }

  private static String[] hostAndPort(String address) {
    if (address == null) {
      return new String[] {null, "22"};
    }
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      String host = address.substring(1, end);
      String rest = address.substring(end + 1);
      return new String[] {host, rest.startsWith(":") ? rest.substring(1) : "22"};
    }
    int colon = address.lastIndexOf(':');
    if (colon > 0 && address.indexOf(':') == colon) {
      return new String[] {address.substring(0, colon), address.substring(colon + 1)};
    }
    return new String[] {address, "22"};
  }

  private static PublicKey resolve(KnownHostEntry e) {
    AuthorizedKeyEntry key = e.getKeyEntry();
    if (key == null) {
      return null;
    }
    try {
      return key.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
    } catch (Exception ex) {
      return null;
    }
  }
}
