package io.capstan.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Signs commits with an SSH private key held in memory, as Flux's image automation does for {@code
 * spec.git.commit.signingKey} with {@code type: ssh}: the Secret's {@code identity} is the private
 * key (OpenSSH or PEM, as {@code ssh-keygen} writes it), {@code password} (optional) decrypts it —
 * the same keys as a GitRepository's SSH auth Secret.
 *
 * <p>The signature is OpenSSH's {@code sshsig} format in the {@code git} namespace with SHA-512,
 * armored as {@code -----BEGIN SSH SIGNATURE-----}: what {@code git commit -S} writes with {@code
 * gpg.format=ssh} (it runs {@code ssh-keygen -Y sign -n git}), so {@code git verify-commit} with an
 * allowed-signers file and Capstan's {@link CommitVerifier} accept it. RSA keys sign with {@code
 * rsa-sha2-512}, as {@code ssh-keygen} does. Keys supported: ed25519, ecdsa-sha2-nistp256/384/521,
 * rsa of at least 2048 bits. The private key is never logged or shown in messages.
 */
public final class SshCommitSigner implements CommitSigner {

  /** The Secret key with the private key. */
  public static final String IDENTITY = "identity";

  /** The Secret key with the private key's passphrase. */
  public static final String PASSWORD = "password";

  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  private static final String NAMESPACE = "git";
  private static final String HASH = "sha512";
  private static final int MIN_RSA_BITS = 2048;

  private final KeyPair keyPair;
  private final String algorithm;

  private SshCommitSigner(KeyPair keyPair, String algorithm) {
    this.keyPair = keyPair;
    this.algorithm = algorithm;
  }

  /**
   * Reads the signing key from a Secret's data ({@code identity}, optional {@code password}).
   *
   * @throws GitException.InvalidAuth when the key is missing, unreadable, locked with another
   *     passphrase, or of an unsupported type
   */
  public static SshCommitSigner fromSecret(Map<String, byte[]> data)
      throws GitException.InvalidAuth {
    byte[] identity = data.get(IDENTITY);
    if (identity == null || identity.length == 0) {
      throw new GitException.InvalidAuth("signing key secret has no '" + IDENTITY + "' key");
    }
    byte[] pass = data.get(PASSWORD);
    return of(identity, pass == null ? null : new String(pass, StandardCharsets.UTF_8).strip());
  }

  /**
   * Reads an SSH private key (OpenSSH or PEM).
   *
   * @param passphrase the passphrase, or {@code null} / empty for an unencrypted key
   * @throws GitException.InvalidAuth as {@link #fromSecret}
   */
  public static SshCommitSigner of(byte[] identity, String passphrase)
      throws GitException.InvalidAuth {
    boolean noPassphrase = passphrase == null || passphrase.isEmpty();
    List<KeyPair> pairs = new ArrayList<>();
    try {
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName(IDENTITY),
              new ByteArrayInputStream(identity),
              noPassphrase ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase));
      if (loaded != null) {
        loaded.forEach(pairs::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new GitException.InvalidAuth(
          noPassphrase
              ? "unable to read the SSH signing key: cannot parse 'identity' (if the key is"
                  + " encrypted, the secret needs a 'password' field)"
              : "unable to read the SSH signing key: cannot parse 'identity' with the given"
                  + " 'password'");
    }
    if (pairs.isEmpty()) {
      throw new GitException.InvalidAuth(
          "unable to read the SSH signing key: cannot parse 'identity': no private key in it");
    }
    KeyPair pair = pairs.get(0);
    String keyType = KeyUtils.getKeyType(pair.getPublic());
    String algorithm;
    if (KeyPairProvider.SSH_RSA.equals(keyType)) {
      if (((RSAKey) pair.getPublic()).getModulus().bitLength() < MIN_RSA_BITS) {
        throw new GitException.InvalidAuth(
            "unsupported SSH signing key: RSA keys need at least " + MIN_RSA_BITS + " bits");
      }
      algorithm = KeyUtils.RSA_SHA512_KEY_TYPE_ALIAS;
    } else if (keyType != null
        && (keyType.equals(KeyPairProvider.SSH_ED25519)
            || keyType.startsWith("ecdsa-sha2-nistp"))) {
      algorithm = keyType;
    } else {
      throw new GitException.InvalidAuth(
          "unsupported SSH signing key type '"
              + keyType
              + "': ed25519, ecdsa-sha2-nistp256/384/521 and rsa are supported");
    }
    BuiltinSignatures factory = BuiltinSignatures.fromFactoryName(algorithm);
    if (factory == null || !factory.isSupported()) {
      throw new GitException.InvalidAuth(
          "unsupported SSH signing key type '" + keyType + "' on this JVM");
    }
    return new SshCommitSigner(pair, algorithm);
  }

  /** The public key in {@code authorized_keys} / allowed-signers form: {@code <type> <base64>}. */
  public String publicKey() {
    return PublicKeyEntry.toString(keyPair.getPublic());
  }

  /** The public key's {@code SHA256:...} fingerprint, as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, keyPair.getPublic());
  }

  /** An armored {@code sshsig} signature over {@code payload} in the {@code git} namespace. */
  @Override
  public String sign(byte[] payload) {
    try {
      ByteArrayBuffer signed = new ByteArrayBuffer();
      signed.putRawBytes(MAGIC);
      signed.putString(NAMESPACE);
      signed.putString(""); // reserved
      signed.putString(HASH);
      signed.putBytes(MessageDigest.getInstance("SHA-512").digest(payload));

      Signature signer = BuiltinSignatures.fromFactoryName(algorithm).create();
      signer.initSigner(null, keyPair.getPrivate());
      signer.update(null, signed.getCompactData());
      ByteArrayBuffer signature = new ByteArrayBuffer();
      signature.putString(algorithm);
      signature.putBytes(signer.sign(null));

      ByteArrayBuffer publicKey = new ByteArrayBuffer();
      publicKey.putRawPublicKey(keyPair.getPublic());

      ByteArrayBuffer blob = new ByteArrayBuffer();
      blob.putRawBytes(MAGIC);
      blob.putUInt(1);
      blob.putBytes(publicKey.getCompactData());
      blob.putString(NAMESPACE);
      blob.putString(""); // reserved
      blob.putString(HASH);
      blob.putBytes(signature.getCompactData());
      return armor(blob.getCompactData());
    } catch (Exception e) {
      throw new IllegalStateException("SSH signing failed: " + e.getClass().getSimpleName());
    }
  }

  /** JGit's hook: signs the commit (or tag) payload. */
  @Override
  public GpgSignature sign(
      Repository repository,
      GpgConfig config,
      byte[] data,
      PersonIdent committer,
      String signingKey,
      CredentialsProvider credentialsProvider) {
    return new GpgSignature(sign(data).getBytes(StandardCharsets.US_ASCII));
  }

  /** The key is in memory: always found. */
  @Override
  public boolean canLocateSigningKey(
      Repository repository,
      GpgConfig config,
      PersonIdent committer,
      String signingKey,
      CredentialsProvider credentialsProvider) {
    return true;
  }

  /** Names the key by its fingerprint, never its material. */
  @Override
  public String toString() {
    return "SshCommitSigner[" + fingerprint() + "]";
  }

  // ssh-keygen's armor: 70 base64 characters a line
  private static String armor(byte[] blob) {
    String b64 = Base64.getEncoder().encodeToString(blob);
    StringBuilder out = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
    for (int i = 0; i < b64.length(); i += 70) {
      out.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
    }
    return out.append("-----END SSH SIGNATURE-----\n").toString();
  }
}
