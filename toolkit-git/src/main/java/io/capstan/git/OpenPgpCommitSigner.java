package io.capstan.git;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Signs commits with an OpenPGP private key held in memory, as Flux's image automation does with
 * {@code spec.git.commit.signingKey.secretRef}: the Secret's {@code git.asc} is an ASCII-armored
 * secret key ring, {@code passphrase} (optional) unlocks it.
 *
 * <p>It plugs into JGit's own signing hook ({@link Signer}, used by {@code CommitCommand}) rather
 * than JGit's {@code org.eclipse.jgit.gpg.bc} signer, which looks keys up in a GnuPG home
 * directory. The signature is a detached, armored, SHA-256 OpenPGP signature over the commit object
 * without its {@code gpgsig} header: what {@code git verify-commit} and Capstan's {@link
 * CommitVerifier} check. The private key is never logged or shown in messages.
 */
public final class OpenPgpCommitSigner implements CommitSigner {

  /** The Secret key with the armored secret key ring. */
  public static final String KEY_RING = "git.asc";

  /** The Secret key with the passphrase. */
  public static final String PASSPHRASE = "passphrase";

  private final PGPPrivateKey privateKey;
  private final PGPPublicKey publicKey;
  private final String keyId;

  private OpenPgpCommitSigner(PGPSecretKey secretKey, PGPPrivateKey privateKey) {
    this.privateKey = privateKey;
    this.publicKey = secretKey.getPublicKey();
    this.keyId = String.format("%016X", secretKey.getKeyID());
  }

  /**
   * Reads the signing key from a Secret's data ({@code git.asc}, optional {@code passphrase}).
   *
   * @throws GitException.InvalidAuth when the key ring is missing, unreadable, holds no signing
   *     key, or the passphrase does not unlock it
   */
  public static OpenPgpCommitSigner fromSecret(Map<String, byte[]> data)
      throws GitException.InvalidAuth {
    byte[] ring = data.get(KEY_RING);
    if (ring == null || ring.length == 0) {
      throw new GitException.InvalidAuth("signing key secret has no '" + KEY_RING + "' key");
    }
    byte[] pass = data.get(PASSPHRASE);
    return of(ring, pass == null ? null : new String(pass, StandardCharsets.UTF_8).strip());
  }

  /**
   * Reads the first signing-capable secret key of an armored (or binary) key ring.
   *
   * @param passphrase the passphrase, or {@code null} / empty for an unprotected key
   * @throws GitException.InvalidAuth as {@link #fromSecret}
   */
  public static OpenPgpCommitSigner of(byte[] keyRing, String passphrase)
      throws GitException.InvalidAuth {
    PGPSecretKeyRingCollection rings;
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keyRing))) {
      rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
    } catch (IOException | PGPException | RuntimeException e) {
      throw new GitException.InvalidAuth(
          "unable to read the OpenPGP signing key: not a secret key ring");
    }
    if (rings.size() == 0) {
      throw new GitException.InvalidAuth(
          "unable to read the OpenPGP signing key: not a secret key ring");
    }
    PGPSecretKey signing = null;
    for (Iterator<PGPSecretKeyRing> it = rings.getKeyRings(); it.hasNext() && signing == null; ) {
      for (PGPSecretKey key : it.next()) {
        if (key.isSigningKey() && !key.isPrivateKeyEmpty()) {
          signing = key;
          break;
        }
      }
    }
    if (signing == null) {
      throw new GitException.InvalidAuth("the OpenPGP key ring holds no signing key");
    }
    char[] secret = passphrase == null ? new char[0] : passphrase.toCharArray();
    try {
      PGPPrivateKey privateKey =
          signing.extractPrivateKey(
              new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                  .build(secret));
      if (privateKey == null) {
        throw new GitException.InvalidAuth("the OpenPGP signing key has no private part");
      }
      return new OpenPgpCommitSigner(signing, privateKey);
    } catch (PGPException | RuntimeException e) {
      throw new GitException.InvalidAuth(
          passphrase == null || passphrase.isEmpty()
              ? "unable to unlock the OpenPGP signing key: a passphrase is required"
              : "unable to unlock the OpenPGP signing key: wrong passphrase");
    }
  }

  /** The signing key's ID, 16 upper-case hex digits. */
  public String keyId() {
    return keyId;
  }

  /** An armored detached signature over {@code payload}. */
  @Override
  public String sign(byte[] payload) {
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256),
              publicKey);
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, new Date());
      hashed.setIssuerFingerprint(false, publicKey);
      generator.setHashedSubpackets(hashed.generate());
      generator.update(payload);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out);
      try (BCPGOutputStream bcpg = new BCPGOutputStream(armor)) {
        generator.generate().encode(bcpg);
      }
      armor.close();
      return out.toString(StandardCharsets.US_ASCII);
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("OpenPGP signing failed: " + e.getClass().getSimpleName());
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

  /** Names the key, never its material. */
  @Override
  public String toString() {
    return "OpenPgpCommitSigner[" + keyId + "]";
  }
}
