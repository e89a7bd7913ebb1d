package io.capstan.kustomize.controller.decryption;

/**
 * A SOPS document could not be decrypted. The message names the file, the value's path or the key
 * that failed; it never contains decrypted data or key material, so it is safe for conditions,
 * events and logs.
 */
public class SopsDecryptionException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} (which must not contain plaintext). */
  public SopsDecryptionException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}; {@code cause} is kept for debugging only and its
   * message is not repeated.
   */
  public SopsDecryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
