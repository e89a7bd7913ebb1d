package io.capstan.kustomize.controller.decryption;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;

/**
 * Rebuilds a SOPS data key from the parts of its key groups. SOPS splits the key with HashiCorp
 * Vault's Shamir implementation: one polynomial per byte over GF(2^8) with the AES field polynomial
 * x^8 + x^4 + x^3 + x + 1 (0x11B), each part holding the evaluations followed by its x-coordinate
 * (1..n) as the last byte; combining is Lagrange interpolation at x = 0. Bouncy Castle's {@code
 * org.bouncycastle.crypto.threshold} Shamir with {@link ShamirSecretSplitter.Algorithm#AES} is the
 * same field and interpolation, so its combine is used with the x-coordinate split off as the
 * share's index.
 */
final class Shamir {

  private Shamir() {}

  /**
   * The secret the parts share.
   *
   * @throws SopsDecryptionException SOPS's messages for too few, short, unequal or duplicate parts
   */
  static byte[] combine(List<byte[]> parts) throws SopsDecryptionException {
    if (parts.size() < 2) {
      throw new SopsDecryptionException(
          "less than two parts cannot be used to reconstruct the secret");
    }
    int length = parts.get(0).length;
    if (length < 2) {
      throw new SopsDecryptionException("parts must be at least two bytes");
    }
    Set<Integer> xs = new HashSet<>();
    ShamirSplitSecretShare[] shares = new ShamirSplitSecretShare[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      byte[] part = parts.get(i);
      if (part.length != length) {
        throw new SopsDecryptionException("all parts must be the same length");
      }
      int x = part[length - 1] & 0xff;
      if (x == 0) {
        throw new SopsDecryptionException("part has no x-coordinate");
      }
      if (!xs.add(x)) {
        throw new SopsDecryptionException("duplicate part detected");
      }
      shares[i] = new ShamirSplitSecretShare(Arrays.copyOf(part, length - 1), x);
    }
    try {
      return new ShamirSplitSecret(
              ShamirSecretSplitter.Algorithm.AES, ShamirSecretSplitter.Mode.Table, shares)
          .getSecret();
    } catch (IOException | RuntimeException e) {
      throw new SopsDecryptionException(
          "cannot combine the parts: " + e.getClass().getSimpleName());
    }
  }
}
