package io.capstan.testing.git;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * A freshly generated OpenPGP key (RSA 2048, unprotected) for signing Git commits and tags in
 * tests, with its public key exportable in the ASCII-armored form Flux reads from a Secret.
 */
public final class OpenPgpKey {

  private final PGPPublicKeyRing publicRing;
  private final PGPSecretKeyRing secretRing;
  private final PGPPrivateKey privateKey;

  private OpenPgpKey(PGPPublicKeyRing publicRing, PGPSecretKeyRing secretRing) {
    this.publicRing = publicRing;
    this.secretRing = secretRing;
    try {
      this.privateKey =
          secretRing
              .getSecretKey()
              .extractPrivateKey(
                  new org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder()
                      .build(new char[0]));
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Generates a signing key for the user id {@code "name <email>"}. */
  public static OpenPgpKey generate(String name, String email) {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      KeyPair keys = rsa.generateKeyPair();
      PGPKeyPair pgpKeys =
          new JcaPGPKeyPair(
              PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL, keys, new Date());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
      hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA256});
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              pgpKeys,
              name + " <" + email + ">",
              new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1),
              hashed.generate(),
              null,
              new JcaPGPContentSignerBuilder(
                  pgpKeys.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
              null);
      return new OpenPgpKey(rings.generatePublicKeyRing(), rings.generateSecretKeyRing());
    } catch (GeneralSecurityException | PGPException e) {
      throw new IllegalStateException("Cannot generate an OpenPGP key", e);
    }
  }

  /** The 40-hex-digit fingerprint, upper case, as {@code gpg --list-keys} shows it. */
  public String fingerprint() {
    return HexFormat.of().withUpperCase().formatHex(publicRing.getPublicKey().getFingerprint());
  }

  /** The 16-hex-digit key id, upper case (Flux reports it as the signer). */
  public String keyId() {
    return String.format("%016X", publicRing.getPublicKey().getKeyID());
  }

  /** The public key, ASCII-armored ({@code -----BEGIN PGP PUBLIC KEY BLOCK-----}). */
  public String armoredPublicKey() {
    return armor(publicRing::encode);
  }

  /** The unprotected secret key, ASCII-armored, e.g. for {@code gpg --import}. */
  public String armoredSecretKey() {
    return armor(secretRing::encode);
  }

  /** A detached, ASCII-armored signature of {@code payload} ({@code -----BEGIN PGP SIGNATURE}). */
  public String sign(byte[] payload) {
    try {
      PGPPublicKey publicKey = publicRing.getPublicKey();
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new JcaPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256),
              publicKey);
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, new Date());
      hashed.setIssuerFingerprint(false, publicKey);
      generator.setHashedSubpackets(hashed.generate());
      generator.update(payload);
      PGPSignature signature = generator.generate();
      return armor(signature::encode);
    } catch (PGPException e) {
      throw new IllegalStateException("Cannot sign", e);
    }
  }

  /**
   * True if {@code armoredSignature} is a valid signature of {@code payload} made by this key.
   * Malformed signatures are simply invalid.
   */
  public boolean verifies(byte[] payload, String armoredSignature) {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armoredSignature.getBytes(StandardCharsets.US_ASCII)))) {
      Object object = new JcaPGPObjectFactory(in).nextObject();
      if (!(object instanceof PGPSignatureList list) || list.isEmpty()) {
        return false;
      }
      PGPSignature signature = list.get(0);
      PGPPublicKey key = publicRing.getPublicKey(signature.getKeyID());
      if (key == null) {
        return false;
      }
      signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
      signature.update(payload);
      return signature.verify();
    } catch (IOException | PGPException | RuntimeException e) {
      return false;
    }
  }

  private interface Encoder {
    void encode(OutputStream out) throws IOException;
  }

  private static String armor(Encoder encoder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
      encoder.encode(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
