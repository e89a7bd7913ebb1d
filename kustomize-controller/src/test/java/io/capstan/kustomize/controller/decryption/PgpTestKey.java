package io.capstan.kustomize.controller.decryption;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** An RSA OpenPGP key able to encrypt (Bouncy Castle), with no passphrase, as Flux expects. */
final class PgpTestKey {

  private final PGPPublicKeyRing publicRing;
  private final PGPSecretKeyRing secretRing;

  private PgpTestKey(PGPPublicKeyRing publicRing, PGPSecretKeyRing secretRing) {
    this.publicRing = publicRing;
    this.secretRing = secretRing;
  }

  static PgpTestKey generate() {
    try {
      RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
      rsa.init(
          new RSAKeyGenerationParameters(
              BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
      PGPKeyPair pair =
          new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), new Date());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setKeyFlags(
          false,
          KeyFlags.CERTIFY_OTHER
              | KeyFlags.SIGN_DATA
              | KeyFlags.ENCRYPT_COMMS
              | KeyFlags.ENCRYPT_STORAGE);
      hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA256});
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              pair,
              "Capstan SOPS test <sops@example.com>",
              new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
              hashed.generate(),
              null,
              new BcPGPContentSignerBuilder(
                  pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
              null);
      return new PgpTestKey(rings.generatePublicKeyRing(), rings.generateSecretKeyRing());
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  String fingerprint() {
    return HexFormat.of().withUpperCase().formatHex(publicRing.getPublicKey().getFingerprint());
  }

  String armoredPublicKey() {
    return armor(publicRing::encode);
  }

  String armoredSecretKey() {
    return armor(secretRing::encode);
  }

  private interface Encoder {
    void encode(OutputStream out) throws IOException;
  }

  private static String armor(Encoder encoder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = new ArmoredOutputStream(bytes)) {
      encoder.encode(armored);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
