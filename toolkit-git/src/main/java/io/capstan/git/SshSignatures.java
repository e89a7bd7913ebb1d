package io.capstan.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Verifies Git's SSH signatures (the {@code sshsig} format of {@code ssh-keygen -Y sign -n git})
 * against trusted public keys in {@code authorized_keys} format.
 */
final class SshSignatures {

  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  private static final String NAMESPACE = "git";

  private final List<PublicKey> keys;

  private SshSignatures(List<PublicKey> keys) {
    this.keys = keys;
  }

  /**
   * Reads public keys, one {@code authorized_keys} line each ({@code #} comments and blank lines
   * skipped).
   *
   * @throws IllegalArgumentException naming the source of a line that is not a public key
   */
  static SshSignatures of(List<byte[]> values, List<String> sources) {
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      for (String line : new String(values.get(i), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        try {
          keys.add(
              AuthorizedKeyEntry.parseAuthorizedKeyEntry(l)
                  .resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
        } catch (Exception e) {
          throw new IllegalArgumentException(
              "unable to parse authorized key in '" + sources.get(i) + "'");
        }
      }
    }
    return new SshSignatures(keys);
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Whether a signature is in SSH format. */
  static boolean isSsh(String signature) {
    return signature != null && signature.strip().startsWith("-----BEGIN SSH SIGNATURE-----");
  }

  /** The SHA256 fingerprint of the trusted key that verifies the signature, or empty. */
  Optional<String> verify(String armoredSignature, byte[] payload) {
    try {
      ByteArrayBuffer blob = new ByteArrayBuffer(unarmor(armoredSignature));
      byte[] magic = new byte[MAGIC.length];
      blob.getRawBytes(magic);
      if (!Arrays.equals(magic, MAGIC) || blob.getUInt() != 1) {
        return Optional.empty();
      }
      PublicKey signer = new ByteArrayBuffer(blob.getBytes()).getRawPublicKey();
      String namespace = blob.getString();
      byte[] reserved = blob.getBytes();
      String hashAlgorithm = blob.getString();
      byte[] signature = blob.getBytes();
      if (!NAMESPACE.equals(namespace)) {
        return Optional.empty();
      }
      PublicKey trusted = null;
      for (PublicKey k : keys) {
        if (KeyUtils.compareKeys(k, signer)) {
          trusted = k;
        }
      }
      if (trusted == null) {
        return Optional.empty();
      }
      String jdkHash =
          switch (hashAlgorithm) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> null;
          };
      if (jdkHash == null) {
        return Optional.empty();
      }
      ByteArrayBuffer signed = new ByteArrayBuffer();
      signed.putRawBytes(MAGIC);
      signed.putString(namespace);
      signed.putBytes(reserved);
      signed.putString(hashAlgorithm);
      signed.putBytes(MessageDigest.getInstance(jdkHash).digest(payload));

      String algorithm = new ByteArrayBuffer(signature).getString();
      BuiltinSignatures factory = BuiltinSignatures.fromFactoryName(algorithm);
      if (factory == null || !factory.isSupported()) {
        return Optional.empty();
      }
      Signature verifier = factory.create();
      verifier.initVerifier(null, trusted);
      verifier.update(null, signed.getCompactData());
      if (verifier.verify(null, signature)) {
        return Optional.of(KeyUtils.getFingerPrint(BuiltinDigests.sha256, trusted));
      }
    } catch (Exception e) {
      // malformed signature or unsupported key: nothing verifies
    }
    return Optional.empty();
  }

  private static byte[] unarmor(String armored) {
    StringBuilder b64 = new StringBuilder();
    for (String line : armored.split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("-----")) {
        b64.append(l);
      }
    }
    return Base64.getDecoder().decode(b64.toString());
  }
}
