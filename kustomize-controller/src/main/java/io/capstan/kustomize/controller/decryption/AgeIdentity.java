package io.capstan.kustomize.controller.decryption;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.prng.FixedSecureRandom;
import org.bouncycastle.pqc.crypto.xwing.XWingKEMExtractor;
import org.bouncycastle.pqc.crypto.xwing.XWingKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingKeyPairGenerator;
import org.bouncycastle.pqc.crypto.xwing.XWingPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;

/**
 * A native age identity, the private half of a recipient:
 *
 * <ul>
 *   <li>X25519 ({@code AGE-SECRET-KEY-1...} / {@code age1...}): unwraps an {@code X25519} stanza
 *       with X25519 against the stanza's ephemeral share, HKDF-SHA256 ({@code
 *       age-encryption.org/v1/X25519}) and ChaCha20-Poly1305;
 *   <li>hybrid post-quantum, age v1.3 ({@code AGE-SECRET-KEY-PQ-1...} / {@code age1pq1...}):
 *       unwraps an {@code mlkem768x25519} stanza with HPKE (RFC 9180, base mode) over the
 *       MLKEM768-X25519 KEM of draft-ietf-hpke-pq (X-Wing, via Bouncy Castle's {@code
 *       org.bouncycastle.pqc.crypto.xwing}), HKDF-SHA256 and ChaCha20-Poly1305, with the info
 *       {@code age-encryption.org/mlkem768x25519}; see {@link HpkeBase}.
 * </ul>
 */
public final class AgeIdentity {

  static final String SECRET_KEY_HRP = "age-secret-key-";
  static final String RECIPIENT_HRP = "age";
  static final String PQ_SECRET_KEY_HRP = "age-secret-key-pq-";
  static final String PQ_RECIPIENT_HRP = "age1pq";
  static final String X25519_STANZA = "X25519";
  static final String PQ_STANZA = "mlkem768x25519";
  private static final byte[] X25519_INFO =
      "age-encryption.org/v1/X25519".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PQ_INFO =
      "age-encryption.org/mlkem768x25519".getBytes(StandardCharsets.US_ASCII);

  /** The HPKE KEM id of MLKEM768-X25519 (draft-ietf-hpke-pq). */
  private static final int MLKEM768_X25519_KEM_ID = 0x647a;

  /** ML-KEM-768 ciphertext (1088 bytes) followed by the X25519 ephemeral share (32 bytes). */
  private static final int PQ_ENC_SIZE = 1088 + 32;

  private static final int PQ_SEED_SIZE = 32;
  private static final int FILE_KEY_SIZE = 16;
  private static final int TAG_SIZE = 16;

  private final X25519PrivateKeyParameters x25519;
  private final byte[] pqSeed;
  private final XWingPrivateKeyParameters pqKey;
  private final byte[] publicKey;

  private AgeIdentity(X25519PrivateKeyParameters privateKey) {
    this.x25519 = privateKey;
    this.pqSeed = null;
    this.pqKey = null;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  private AgeIdentity(byte[] seed) {
    this.x25519 = null;
    this.pqSeed = seed.clone();
    // The key pair generator reads exactly the 32-byte seed and expands it with SHAKE256 into the
    // ML-KEM-768 seed (d || z) and the X25519 secret, as X-Wing and age's HybridIdentity do.
    XWingKeyPairGenerator generator = new XWingKeyPairGenerator();
    generator.init(new XWingKeyGenerationParameters(new FixedSecureRandom(seed.clone())));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    this.pqKey = (XWingPrivateKeyParameters) pair.getPrivate();
    this.publicKey = ((XWingPublicKeyParameters) pair.getPublic()).getEncoded();
  }

  /** A fresh X25519 identity from a secure random source (what {@code age-keygen} does). */
  public static AgeIdentity generate() {
    return new AgeIdentity(new X25519PrivateKeyParameters(new SecureRandom()));
  }

  /** A fresh post-quantum identity (what {@code age-keygen -pq} does). */
  public static AgeIdentity generatePostQuantum() {
    byte[] seed = new byte[PQ_SEED_SIZE];
    new SecureRandom().nextBytes(seed);
    return new AgeIdentity(seed);
  }

  /**
   * Parses one {@code AGE-SECRET-KEY-1...} or {@code AGE-SECRET-KEY-PQ-1...} line.
   *
   * @throws SopsDecryptionException for a malformed key or an unsupported identity type; the
   *     message never repeats the key
   */
  public static AgeIdentity parse(String line) throws SopsDecryptionException {
    String text = line.strip();
    Bech32.Decoded decoded;
    try {
      decoded = Bech32.decode(text);
    } catch (IllegalArgumentException e) {
      throw new SopsDecryptionException("malformed age secret key: " + e.getMessage());
    }
    if (decoded.hrp().equals(PQ_SECRET_KEY_HRP)) {
      if (decoded.data().length != PQ_SEED_SIZE) {
        throw new SopsDecryptionException(
            "malformed age secret key: invalid MLKEM768-X25519 secret key");
      }
      return new AgeIdentity(decoded.data());
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

  /** Whether this is a hybrid post-quantum ({@code AGE-SECRET-KEY-PQ-1...}) identity. */
  public boolean postQuantum() {
    return pqKey != null;
  }

  /** The {@code AGE-SECRET-KEY-1...} or {@code AGE-SECRET-KEY-PQ-1...} encoding (secret). */
  public String secretKey() {
    String encoded =
        postQuantum()
            ? Bech32.encode(PQ_SECRET_KEY_HRP, pqSeed)
            : Bech32.encode(SECRET_KEY_HRP, x25519.getEncoded());
    return encoded.toUpperCase(Locale.ROOT);
  }

  /** The public {@code age1...} or {@code age1pq1...} recipient, as given to {@code sops --age}. */
  public String recipient() {
    return Bech32.encode(postQuantum() ? PQ_RECIPIENT_HRP : RECIPIENT_HRP, publicKey);
  }

  /**
   * The 16-byte file key of a stanza meant for this identity, or null when the stanza is of another
   * type or was made for another recipient (its AEAD tag does not verify).
   *
   * @throws SopsDecryptionException for a stanza of this identity's type that is malformed
   */
  byte[] unwrap(String type, List<String> args, byte[] body) throws SopsDecryptionException {
    if (postQuantum()) {
      return type.equals(PQ_STANZA) ? unwrapHybrid(args, body) : null;
    }
    return type.equals(X25519_STANZA) ? unwrapX25519(args, body) : null;
  }

  private byte[] unwrapX25519(List<String> args, byte[] body) throws SopsDecryptionException {
    if (args.size() != 1) {
      throw new SopsDecryptionException("invalid age X25519 stanza: want one argument");
    }
    byte[] share = AgeFile.decodeUnpadded(args.get(0));
    if (share.length != X25519PublicKeyParameters.KEY_SIZE || body.length != 32) {
      throw new SopsDecryptionException("invalid age X25519 stanza");
    }
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(x25519);
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

  private byte[] unwrapHybrid(List<String> args, byte[] body) throws SopsDecryptionException {
    if (args.size() != 1) {
      throw new SopsDecryptionException("invalid age mlkem768x25519 stanza: want one argument");
    }
    byte[] enc = AgeFile.decodeUnpadded(args.get(0));
    if (enc.length != PQ_ENC_SIZE || body.length != FILE_KEY_SIZE + TAG_SIZE) {
      throw new SopsDecryptionException("invalid age mlkem768x25519 stanza");
    }
    byte[] sharedSecret;
    try {
      // ML-KEM decapsulation rejects implicitly: a stanza for another recipient yields a
      // pseudo-random secret, caught below by the AEAD tag.
      sharedSecret = new XWingKEMExtractor(pqKey).extractSecret(enc);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // X25519 with a low-order ephemeral share
      throw new SopsDecryptionException("invalid age mlkem768x25519 stanza: invalid share");
    }
    try {
      return HpkeBase.open(MLKEM768_X25519_KEM_ID, sharedSecret, PQ_INFO, body);
    } catch (InvalidCipherTextException e) {
      return null;
    } finally {
      Arrays.fill(sharedSecret, (byte) 0);
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
