package io.capstan.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** Test-only OpenPGP key: generated in memory, exports its armored public ring, signs bytes. */
final class PgpTestKey {

  private final PGPKeyPair pair;
  private final byte[] armoredPublicRing;

  private PgpTestKey(PGPKeyPair pair, byte[] armoredPublicRing) {
    this.pair = pair;
    this.armoredPublicRing = armoredPublicRing;
  }

  static PgpTestKey generate(String userId) {
    try {
      RSAKeyPairGenerator gen = new RSAKeyPairGenerator();
      gen.init(
          new RSAKeyGenerationParameters(
              BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 12));
      PGPKeyPair pair =
          new BcPGPKeyPair(
              PublicKeyPacket.VERSION_4,
              PGPPublicKey.RSA_GENERAL,
              gen.generateKeyPair(),
              new Date());
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              pair,
              userId,
              new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
              null,
              null,
              new BcPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256),
              null);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
        rings.generatePublicKeyRing().encode(armor);
      }
      return new PgpTestKey(pair, out.toByteArray());
    } catch (PGPException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] armoredPublicRing() {
    return armoredPublicRing.clone();
  }

  String keyId() {
    return String.format(Locale.ROOT, "%016X", pair.getKeyID());
  }

  /** An armored detached signature over {@code payload}, as {@code gpg -bsa} makes for Git. */
  byte[] sign(byte[] payload) {
    try {
      PGPSignatureGenerator gen =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256),
              pair.getPublicKey());
      gen.init(PGPSignature.BINARY_DOCUMENT, pair.getPrivateKey());
      gen.update(payload);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
        gen.generate().encode(armor);
      }
      return out.toByteArray();
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
