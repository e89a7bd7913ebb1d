package io.capstan.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 content digests in the OCI form {@code sha256:<hex>}. */
public final class Digests {

  private Digests() {}

  /** The digest of {@code content}. */
  public static String sha256(byte[] content) {
    return "sha256:" + HexFormat.of().formatHex(newSha256().digest(content));
  }

  /** A fresh SHA-256 message digest. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** Whether {@code digest} is a digest algorithm this client can verify. */
  public static boolean supported(String digest) {
    return digest != null && digest.startsWith("sha256:") && digest.length() == 71;
  }
}
