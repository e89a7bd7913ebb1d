package io.capstan.kustomize.controller.decryption;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * A native age X25519 identity ({@code AGE-SECRET-KEY-1...}), the private half of an {@code
 * age1...} recipient. Unwraps the file key of an age v1 {@code X25519} stanza: X25519 with the
 * stanza's ephemeral share, HKDF-SHA256 ({@code age-encryption.org/v1/X25519}), ChaCha20-Poly1305.
 */
public final class AgeIdentity {

  static final String SECRET_KEY_HRP = "age-secret-key-";
  static final String RECIPIENT_HRP = "age";
  private static final String PQ_SECRET_KEY_PREFIX = "AGE-SECRET-KEY-PQ-1";
  private static final byte[] X25519_INFO =
      "age-encryption.org/v1/X25519".getBytes(StandardCharsets.US_ASCII);

  private final X25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  private AgeIdentity(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  /** A fresh identity from a secure random source (what {@code age-keygen} does). */
  public static AgeIdentity generate() {
    return new AgeIdentity(new X25519PrivateKeyParameters(new SecureRandom()));
  }

  /**
   * Parses one {@code AGE-SECRET-KEY-1...} line.
   *
   * @throws SopsDecryptionException for a malformed key or an unsupported identity type (the
   *     post-quantum {@code AGE-SECRET-KEY-PQ-1...}); the message never repeats the key
   */
  public static AgeIdentity parse(String line) throws SopsDecryptionException {
    String text = line.strip();
    if (text.toUpperCase(Locale.ROOT).startsWith(PQ_SECRET_KEY_PREFIX)) {
      throw new SopsDecryptionException(
          "age post-quantum identities (AGE-SECRET-KEY-PQ-1..., ML-KEM-768 + X25519) are not"
              + " supported; use an X25519 identity (age-keygen without -pq)");
    }
    Bech32.Decoded decoded;
    try {
      decoded = Bech32.decode(text);
    } catch (IllegalArgumentException e) {
      throw new SopsDecryptionException("malformed age secret key: " + e.getMessage());
    }
    if (!decoded.hrp().equals(SECRET_KEY_HRP)) {
      throw new SopsDecryptionException(
          "unsupported age identity type '" + decoded.hrp().toUpperCase(Locale.ROOT) + "1...'");
    }
    if (decoded.data().length != X25519PrivateKeyParameters.KEY_SIZE) {
      throw new SopsDecryptionException("malformed age secret key: wrong length");
    }
    return new AgeIdentity(new X25519PrivateKeyParameters(decoded.data(), 0));
  }

  /**
   * Every identity in an age key file: lines starting with {@code AGE-SECRET-KEY-}, comments
   * ({@code #}) and blank lines skipped.
   *
   * @throws SopsDecryptionException when a line is not an identity or the file holds none
   */
  public static List<AgeIdentity> parseAll(String keyFile) throws SopsDecryptionException {
    List<AgeIdentity> identities = new ArrayList<>();
    int lineNumber = 0;
    for (String line : keyFile.split("\\R")) {
      lineNumber++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      try {
        identities.add(parse(text));
      } catch (SopsDecryptionException e) {
        throw new SopsDecryptionException("error at line " + lineNumber + ": " + e.getMessage(), e);
      }
    }
    if (identities.isEmpty()) {
      throw new SopsDecryptionException("no age secret keys found");
    }
    return identities;
  }

  /** The {@code AGE-SECRET-KEY-1...} encoding (secret: never log it). */
  public String secretKey() {
    return Bech32.encode(SECRET_KEY_HRP, privateKey.getEncoded()).toUpperCase(Locale.ROOT);
  }

  /** The public {@code age1...} recipient, as given to {@code sops --age}. */
  public String recipient() {
    return Bech32.encode(RECIPIENT_HRP, publicKey);
  }

  /**
   * The 16-byte file key of an {@code X25519} stanza meant for this identity, or null when the
   * stanza was made for another recipient (its AEAD tag does not verify).
   */
  byte[] unwrap(List<String> args, byte[] body) throws SopsDecryptionException {
    if (args.size() != 1) {
      throw new SopsDecryptionException("invalid age X25519 stanza: want one argument");
    }
    byte[] share = AgeFile.decodeUnpadded(args.get(0));
    if (share.length != X25519PublicKeyParameters.KEY_SIZE || body.length != 32) {
      throw new SopsDecryptionException("invalid age X25519 stanza");
    }
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(privateKey);
    byte[] shared = new byte[agreement.getAgreementSize()];
    agreement.calculateAgreement(new X25519PublicKeyParameters(share, 0), shared, 0);
    if (Arrays.equals(shared, new byte[shared.length])) {
      throw new SopsDecryptionException("invalid age X25519 stanza: low-order share");
    }
    byte[] salt = new byte[share.length + publicKey.length];
    System.arraycopy(share, 0, salt, 0, share.length);
    System.arraycopy(publicKey, 0, salt, share.length, publicKey.length);
    byte[] wrapKey = AgeFile.hkdf(shared, salt, X25519_INFO, 32);
    try {
      return AgeFile.chacha20Poly1305Open(wrapKey, new byte[12], body);
    } catch (InvalidCipherTextException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "AgeIdentity[" + recipient() + "]";
  }

  /** For tests and tools: encodes a Base64 string the way age writes stanza arguments. */
  static String encodeUnpadded(byte[] data) {
    return Base64.getEncoder().withoutPadding().encodeToString(data);
  }
}
