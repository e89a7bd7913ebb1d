package io.capstan.kustomize.controller.decryption;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One SOPS-encrypted value, {@code ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]}: AES-256-GCM
 * (Bouncy Castle) under the file's data key with the value's tree path as additional data.
 *
 * @param data ciphertext
 * @param iv nonce (SOPS uses 32 bytes)
 * @param tag 16-byte GCM tag
 * @param type {@code str}, {@code int}, {@code float}, {@code bool}, {@code bytes} or {@code
 *     comment}
 */
record SopsValue(byte[] data, byte[] iv, byte[] tag, String type) {

  private static final Pattern FORMAT =
      Pattern.compile(
          "^ENC\\[AES256_GCM,data:(?<data>[^,]*),iv:(?<iv>[^,]+),tag:(?<tag>[^,]+),type:(?<type>[a-z]+)\\]$");

  /** Whether {@code text} has the shape of an encrypted value. */
  static boolean isEncrypted(String text) {
    return text != null && text.startsWith("ENC[") && text.endsWith("]");
  }

  /**
   * Parses {@code text}.
   *
   * @throws SopsDecryptionException naming {@code path} (never the text) when it is not an
   *     encrypted value
   */
  static SopsValue parse(String text, String path) throws SopsDecryptionException {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new SopsDecryptionException(
          "value at '" + path + "' does not match sops' data format (ENC[AES256_GCM,...])");
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      return new SopsValue(
          b64.decode(m.group("data")),
          b64.decode(m.group("iv")),
          b64.decode(m.group("tag")),
          m.group("type"));
    } catch (IllegalArgumentException e) {
      throw new SopsDecryptionException("value at '" + path + "' has invalid base64");
    }
  }

  /**
   * The plaintext bytes.
   *
   * @param additionalData the path ({@code a:b:c:}) or, for the MAC, the {@code lastmodified} time
   * @throws SopsDecryptionException when the tag does not verify (wrong key, tampered value, or a
   *     value moved to another path)
   */
  byte[] decrypt(byte[] key, String additionalData, String path) throws SopsDecryptionException {
    if (tag.length != 16) {
      throw new SopsDecryptionException("value at '" + path + "' has a malformed tag");
    }
    org.bouncycastle.crypto.modes.GCMModeCipher gcm =
        GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(
        false,
        new AEADParameters(
            new KeyParameter(key),
            128,
            iv,
            additionalData.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    byte[] sealed = new byte[data.length + tag.length];
    System.arraycopy(data, 0, sealed, 0, data.length);
    System.arraycopy(tag, 0, sealed, data.length, tag.length);
    byte[] out = new byte[gcm.getOutputSize(sealed.length)];
    try {
      int n = gcm.processBytes(sealed, 0, sealed.length, out, 0);
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException | IllegalStateException e) {
      throw new SopsDecryptionException(
          "could not decrypt value at '"
              + path
              + "' with the data key: authentication failed (tampered or moved value)");
    }
    return out;
  }
}
