package io.capstan.kustomize.controller.decryption;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * OpenPGP secret keys imported from the decryption Secret's {@code *.asc} entries (armored, not
 * passphrase-protected, as Flux requires), used to decrypt the PGP messages SOPS stores its data
 * key in. Bouncy Castle does all the work.
 */
public final class PgpIdentities {

  private final List<PGPSecretKeyRing> rings = new ArrayList<>();

  /**
   * Adds every secret key ring in {@code armored} (one or more armored or binary key blocks).
   *
   * @throws SopsDecryptionException when the data holds no secret key
   */
  public void importKeys(byte[] armored) throws SopsDecryptionException {
    int before = rings.size();
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      PGPSecretKeyRingCollection collection =
          new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
      collection.getKeyRings().forEachRemaining(rings::add);
    } catch (IOException | PGPException | RuntimeException e) {
      throw new SopsDecryptionException("cannot read OpenPGP secret key: " + e.getMessage(), e);
    }
    if (rings.size() == before) {
      throw new SopsDecryptionException("no OpenPGP secret key found");
    }
  }

  /** Whether no key was imported. */
  public boolean isEmpty() {
    return rings.isEmpty();
  }

  /** Upper-case hex fingerprints of the imported primary keys (for diagnostics; public data). */
  public List<String> fingerprints() {
    return rings.stream()
        .map(
            r ->
                HexFormat.of()
                    .formatHex(r.getPublicKey().getFingerprint())
                    .toUpperCase(Locale.ROOT))
        .toList();
  }

  /**
   * Decrypts an armored OpenPGP message encrypted to one of the imported keys.
   *
   * @throws SopsDecryptionException naming the key ids the message is for when none is imported
   */
  byte[] decrypt(String armoredMessage) throws SopsDecryptionException {
    try (InputStream in =
        new ArmoredInputStream(
            new ByteArrayInputStream(armoredMessage.getBytes(StandardCharsets.US_ASCII)))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object first = factory.nextObject();
      PGPEncryptedDataList list =
          first instanceof PGPEncryptedDataList l ? l : (PGPEncryptedDataList) factory.nextObject();
      List<String> wanted = new ArrayList<>();
      for (Iterator<?> it = list.getEncryptedDataObjects(); it.hasNext(); ) {
        Object data = it.next();
        if (!(data instanceof PGPPublicKeyEncryptedData encrypted)) {
          continue;
        }
        wanted.add(String.format("%016X", encrypted.getKeyID()));
        PGPPrivateKey key = privateKey(encrypted.getKeyID());
        if (key == null) {
          continue;
        }
        try (InputStream clear =
            encrypted.getDataStream(new BcPublicKeyDataDecryptorFactory(key))) {
          byte[] plain = literal(new BcPGPObjectFactory(clear));
          if (encrypted.isIntegrityProtected() && !encrypted.verify()) {
            throw new SopsDecryptionException("OpenPGP message integrity check failed");
          }
          return plain;
        }
      }
      throw new SopsDecryptionException(
          "no imported OpenPGP key can decrypt the data key (it is encrypted for key ids "
              + wanted
              + ")");
    } catch (IOException | PGPException | ClassCastException e) {
      throw new SopsDecryptionException("cannot decrypt OpenPGP message: " + e.getMessage(), e);
    }
  }

  private static byte[] literal(BcPGPObjectFactory factory) throws IOException, PGPException {
    Object object = factory.nextObject();
    while (object != null) {
      if (object instanceof PGPCompressedData compressed) {
        factory = new BcPGPObjectFactory(compressed.getDataStream());
        object = factory.nextObject();
      } else if (object instanceof PGPLiteralData literal) {
        try (InputStream data = literal.getInputStream()) {
          return data.readAllBytes();
        }
      } else {
        object = factory.nextObject();
      }
    }
    throw new PGPException("OpenPGP message has no literal data");
  }

  private PGPPrivateKey privateKey(long keyId) throws SopsDecryptionException {
    for (PGPSecretKeyRing ring : rings) {
      PGPSecretKey secret = ring.getSecretKey(keyId);
      if (secret == null) {
        continue;
      }
      try {
        return secret.extractPrivateKey(
            new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(new char[0]));
      } catch (PGPException e) {
        throw new SopsDecryptionException(
            String.format(
                "OpenPGP secret key %016X is passphrase-protected or unreadable; Flux needs keys"
                    + " without a passphrase",
                keyId),
            e);
      }
    }
    return null;
  }
}
