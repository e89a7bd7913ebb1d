package io.capstan.runtime.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An artifact digest in Flux's {@code <algorithm>:<hex>} form, e.g. {@code sha256:9f86d0…}.
 *
 * <p>{@code sha256} is canonical (what source-controller writes); {@code sha384} and {@code sha512}
 * are accepted for verification because Flux accepts them too. Any other algorithm (for example
 * {@code blake3}) is refused by {@link #parse} with an {@link InvalidDigestException} that says it
 * is unsupported, so a consumer never silently skips verification.
 */
public record ArtifactDigest(String algorithm, String hex) {

  /** The algorithm source-controller uses for every artifact it writes. */
  public static final String CANONICAL_ALGORITHM = "sha256";

  private static final Map<String, Algorithm> SUPPORTED =
      Map.of(
          "sha256", new Algorithm("SHA-256", 64),
          "sha384", new Algorithm("SHA-384", 96),
          "sha512", new Algorithm("SHA-512", 128));

  private record Algorithm(String jcaName, int hexLength) {}

  /** Validates the parts; use {@link #parse} for untrusted input. */
  public ArtifactDigest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    Algorithm a = SUPPORTED.get(algorithm);
    if (a == null) {
      throw new IllegalArgumentException(unsupported(algorithm));
    }
    if (hex.length() != a.hexLength() || !hex.chars().allMatch(ArtifactDigest::isLowerHex)) {
      throw new IllegalArgumentException(
          "malformed "
              + algorithm
              + " digest: expected "
              + a.hexLength()
              + " lower-case hex characters");
    }
  }

  /**
   * Parses {@code <algorithm>:<hex>}. A bare hex string is read as {@code sha256}, as Flux's
   * fetcher does.
   *
   * @throws InvalidDigestException when the value is empty, malformed, or names an algorithm this
   *     implementation cannot verify (the message then contains "unsupported")
   */
  public static ArtifactDigest parse(String value) throws InvalidDigestException {
    if (value == null || value.isBlank()) {
      throw new InvalidDigestException(String.valueOf(value), "empty digest");
    }
    int colon = value.indexOf(':');
    String algorithm = colon < 0 ? CANONICAL_ALGORITHM : value.substring(0, colon);
    String hex = colon < 0 ? value : value.substring(colon + 1);
    try {
      return new ArtifactDigest(algorithm, hex);
    } catch (IllegalArgumentException e) {
      throw new InvalidDigestException(value, e.getMessage());
    }
  }

  /** Computes the canonical ({@code sha256}) digest of a file, streaming it. */
  public static ArtifactDigest of(Path file) throws IOException {
    return of(file, CANONICAL_ALGORITHM);
  }

  /** Computes the digest of a file with the given algorithm, streaming it. */
  public static ArtifactDigest of(Path file, String algorithm) throws IOException {
    MessageDigest md = newMessageDigest(algorithm);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return fromDigest(algorithm, md);
  }

  /** Wraps the final value of a {@link MessageDigest} created by {@link #newMessageDigest}. */
  public static ArtifactDigest fromDigest(String algorithm, MessageDigest md) {
    return new ArtifactDigest(algorithm, HexFormat.of().formatHex(md.digest()));
  }

  /** A fresh JCA digest for a supported algorithm name ({@code sha256}, …). */
  public static MessageDigest newMessageDigest(String algorithm) {
    Algorithm a = SUPPORTED.get(algorithm.toLowerCase(Locale.ROOT));
    if (a == null) {
      throw new IllegalArgumentException(unsupported(algorithm));
    }
    try {
      return MessageDigest.getInstance(a.jcaName());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JCA provider lacks " + a.jcaName(), e);
    }
  }

  /** A fresh JCA digest for this digest's algorithm, to recompute and compare. */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  /**
   * Checks that a file has this digest.
   *
   * @throws ArtifactDigestMismatchException naming both digests when they differ
   */
  public void verify(Path file) throws IOException {
    ArtifactDigest actual = of(file, algorithm);
    if (!actual.equals(this)) {
      throw new ArtifactDigestMismatchException(file.toString(), this, actual);
    }
  }

  private static String unsupported(String algorithm) {
    return "unsupported digest algorithm '" + algorithm + "' (supported: sha256, sha384, sha512)";
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** The Flux form, {@code <algorithm>:<hex>}. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
