package io.capstan.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** Verifies armored detached OpenPGP signatures against trusted armored public key rings. */
final class OpenPgpSignatures {

  private final List<PGPPublicKeyRingCollection> keyRings;

  private OpenPgpSignatures(List<PGPPublicKeyRingCollection> keyRings) {
    this.keyRings = keyRings;
  }

  /**
   * Reads armored (or binary) public key rings, one per secret value.
   *
   * @throws IllegalArgumentException naming {@code source} when a value is not a key ring
   */
  static OpenPgpSignatures of(List<byte[]> armoredRings, List<String> sources) {
    List<PGPPublicKeyRingCollection> rings = new ArrayList<>();
    for (int i = 0; i < armoredRings.size(); i++) {
      try (InputStream in =
          PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredRings.get(i)))) {
        rings.add(new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()));
      } catch (IOException | PGPException | RuntimeException e) {
        throw new IllegalArgumentException(
            "unable to read armored key ring from '" + sources.get(i) + "'");
      }
    }
    return new OpenPgpSignatures(rings);
  }

  boolean isEmpty() {
    return keyRings.isEmpty();
  }

  /**
   * The primary key ID (16 upper-case hex digits) of the trusted key whose signature over {@code
   * payload} verifies, or empty.
   */
  Optional<String> verify(String armoredSignature, byte[] payload) {
    List<PGPSignature> signatures = signatures(armoredSignature);
    for (PGPSignature sig : signatures) {
      for (PGPPublicKeyRingCollection rings : keyRings) {
        try {
          PGPPublicKey key = rings.getPublicKey(sig.getKeyID());
          if (key == null || key.hasRevocation()) {
            continue;
          }
          sig.init(new BcPGPContentVerifierBuilderProvider(), key);
          sig.update(payload);
          if (sig.verify()) {
            PGPPublicKeyRing ring = rings.getPublicKeyRing(sig.getKeyID());
            long primary = ring.getPublicKey().getKeyID();
            return Optional.of(String.format(Locale.ROOT, "%016X", primary));
          }
        } catch (PGPException | RuntimeException e) {
          // not this key; try the next one
        }
      }
    }
    return Optional.empty();
  }

  private static List<PGPSignature> signatures(String armored) {
    List<PGPSignature> out = new ArrayList<>();
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armored.getBytes(StandardCharsets.UTF_8)))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object o = factory.nextObject();
      while (o != null) {
        if (o instanceof PGPCompressedData compressed) {
          factory = new BcPGPObjectFactory(compressed.getDataStream());
        } else if (o instanceof PGPSignatureList list) {
          list.forEach(out::add);
        }
        o = factory.nextObject();
      }
    } catch (IOException | PGPException | RuntimeException e) {
      // unreadable signature: nothing verifies
    }
    return out;
  }
}
