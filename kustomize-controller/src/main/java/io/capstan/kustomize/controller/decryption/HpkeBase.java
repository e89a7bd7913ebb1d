package io.capstan.kustomize.controller.decryption;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The receiving side of HPKE (RFC 9180) in base mode with HKDF-SHA256 and ChaCha20-Poly1305, for a
 * KEM whose shared secret is already decapsulated: the key schedule (section 5.1, with {@code
 * LabeledExtract}/{@code LabeledExpand} of section 4) and the first {@code Open} (sequence number
 * 0, empty associated data). Bouncy Castle's {@code org.bouncycastle.crypto.hpke} only takes its
 * own DHKEMs, so the schedule is composed here from BC's HKDF and ChaCha20-Poly1305.
 */
final class HpkeBase {

  private static final int KDF_HKDF_SHA256 = 0x0001;
  private static final int AEAD_CHACHA20_POLY1305 = 0x0003;
  private static final int KEY_SIZE = 32;
  private static final int NONCE_SIZE = 12;
  private static final byte MODE_BASE = 0x00;
  private static final byte[] VERSION = ascii("HPKE-v1");

  private HpkeBase() {}

  /**
   * Opens the first message of a base-mode context.
   *
   * @throws InvalidCipherTextException when the AEAD tag does not verify (another recipient)
   */
  static byte[] open(int kemId, byte[] sharedSecret, byte[] info, byte[] ciphertext)
      throws InvalidCipherTextException {
    byte[] suiteId =
        concat(
            ascii("HPKE"),
            i2osp(kemId, 2),
            i2osp(KDF_HKDF_SHA256, 2),
            i2osp(AEAD_CHACHA20_POLY1305, 2));
    byte[] pskIdHash = labeledExtract(suiteId, new byte[0], "psk_id_hash", new byte[0]);
    byte[] infoHash = labeledExtract(suiteId, new byte[0], "info_hash", info);
    byte[] context = concat(new byte[] {MODE_BASE}, pskIdHash, infoHash);
    // RFC 9180: secret = LabeledExtract(shared_secret, "secret", psk) - the shared secret is the
    // salt, the (empty) psk the input keying material.
    byte[] secret = labeledExtract(suiteId, sharedSecret, "secret", new byte[0]);
    byte[] key = labeledExpand(suiteId, secret, "key", context, KEY_SIZE);
    byte[] baseNonce = labeledExpand(suiteId, secret, "base_nonce", context, NONCE_SIZE);
    // sequence number 0: the nonce is base_nonce itself
    return AgeFile.chacha20Poly1305Open(key, baseNonce, ciphertext);
  }

  private static byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
    byte[] labeledIkm = concat(VERSION, suiteId, ascii(label), ikm);
    return new HKDFBytesGenerator(new SHA256Digest()).extractPRK(salt, labeledIkm);
  }

  private static byte[] labeledExpand(
      byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
    byte[] labeledInfo = concat(i2osp(length, 2), VERSION, suiteId, ascii(label), info);
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(HKDFParameters.skipExtractParameters(prk, labeledInfo));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  private static byte[] i2osp(int value, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[length - 1 - i] = (byte) (value >>> (8 * i));
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
