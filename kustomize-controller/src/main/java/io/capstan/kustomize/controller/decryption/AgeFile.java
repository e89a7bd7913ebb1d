package io.capstan.kustomize.controller.decryption;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Arrays;

/**
 * Decrypts an age v1 file (binary or ASCII-armored, as SOPS stores data keys): parses the header
 * stanzas, unwraps the file key with a matching identity ({@code X25519} or the post-quantum {@code
 * mlkem768x25519} stanza, see {@link AgeIdentity}), checks the header MAC (HMAC-SHA256 with an HKDF
 * key) and opens the STREAM payload (ChaCha20-Poly1305, 64 KiB chunks). All primitives are Bouncy
 * Castle's.
 */
final class AgeFile {

  private static final String VERSION_LINE = "age-encryption.org/v1";
  private static final String ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  private static final String ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
  private static final int CHUNK = 64 * 1024;
  private static final int TAG = 16;

  private AgeFile() {}

  /**
   * The plaintext of {@code file}, decrypted with the first identity whose recipient stanza it
   * holds.
   *
   * @throws SopsDecryptionException when no identity matches (naming the stanza types present), or
   *     the file is malformed or tampered
   */
  static byte[] decrypt(String file, List<AgeIdentity> identities) throws SopsDecryptionException {
    byte[] bytes = dearmor(file);
    int pos = 0;
    String version = line(bytes, pos);
    if (!version.equals(VERSION_LINE)) {
      throw new SopsDecryptionException("not an age v1 file");
    }
    pos += version.length() + 1;
    byte[] fileKey = null;
    List<String> types = new ArrayList<>();
    while (true) {
      String header = line(bytes, pos);
      if (header.startsWith("---")) {
        int macStart = pos + 3;
        String macText = header.length() > 4 ? header.substring(4) : "";
        pos += header.length() + 1;
        if (fileKey == null) {
          throw noMatch(types);
        }
        byte[] expected = hmac(hkdf(fileKey, new byte[0], ascii("header"), 32), bytes, macStart);
        if (!Arrays.constantTimeAreEqual(expected, decodeUnpadded(macText))) {
          throw new SopsDecryptionException("age header MAC mismatch");
        }
        break;
      }
      if (!header.startsWith("-> ")) {
        throw new SopsDecryptionException("malformed age header");
      }
      pos += header.length() + 1;
      String[] parts = header.substring(3).split(" ");
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String bodyLine = line(bytes, pos);
        pos += bodyLine.length() + 1;
        body.writeBytes(decodeUnpadded(bodyLine));
        if (bodyLine.length() < 64) {
          break;
        }
      }
      types.add(parts[0]);
      if (fileKey == null) {
        List<String> args = List.of(parts).subList(1, parts.length);
        for (AgeIdentity identity : identities) {
          byte[] key = identity.unwrap(parts[0], args, body.toByteArray());
          if (key != null) {
            fileKey = key;
            break;
          }
        }
      }
    }
    return payload(fileKey, bytes, pos);
  }

  private static SopsDecryptionException noMatch(List<String> types) {
    return new SopsDecryptionException("no age identity matched any of the recipients " + types);
  }

  private static byte[] payload(byte[] fileKey, byte[] bytes, int pos)
      throws SopsDecryptionException {
    if (bytes.length - pos < 16 + TAG) {
      throw new SopsDecryptionException("age payload truncated");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(bytes, pos, pos + 16);
    byte[] key = hkdf(fileKey, nonce, ascii("payload"), 32);
    pos += 16;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long counter = 0;
    while (true) {
      int remaining = bytes.length - pos;
      boolean last = remaining <= CHUNK + TAG;
      int length = last ? remaining : CHUNK + TAG;
      byte[] chunkNonce = new byte[12];
      for (int i = 0; i < 8; i++) {
        chunkNonce[10 - i] = (byte) (counter >>> (8 * i));
      }
      chunkNonce[11] = (byte) (last ? 1 : 0);
      try {
        out.writeBytes(
            chacha20Poly1305Open(
                key, chunkNonce, java.util.Arrays.copyOfRange(bytes, pos, pos + length)));
      } catch (InvalidCipherTextException e) {
        throw new SopsDecryptionException("age payload authentication failed");
      }
      pos += length;
      counter++;
      if (last) {
        return out.toByteArray();
      }
    }
  }

  private static byte[] dearmor(String file) throws SopsDecryptionException {
    String text = file.strip();
    if (!text.startsWith(ARMOR_BEGIN)) {
      return file.getBytes(StandardCharsets.ISO_8859_1);
    }
    if (!text.endsWith(ARMOR_END)) {
      throw new SopsDecryptionException("malformed age armor");
    }
    String base64 =
        text.substring(ARMOR_BEGIN.length(), text.length() - ARMOR_END.length())
            .replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new SopsDecryptionException("malformed age armor");
    }
  }

  private static String line(byte[] bytes, int pos) throws SopsDecryptionException {
    for (int i = pos; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return new String(bytes, pos, i - pos, StandardCharsets.ISO_8859_1);
      }
    }
    throw new SopsDecryptionException("age header truncated");
  }

  static byte[] decodeUnpadded(String text) throws SopsDecryptionException {
    if (text.endsWith("=")) {
      throw new SopsDecryptionException("malformed age header: padded base64");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new SopsDecryptionException("malformed age header: invalid base64");
    }
  }

  static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  static byte[] chacha20Poly1305Open(byte[] key, byte[] nonce, byte[] sealed)
      throws InvalidCipherTextException {
    ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
    cipher.init(false, new AEADParameters(new KeyParameter(key), 128, nonce));
    byte[] out = new byte[cipher.getOutputSize(sealed.length)];
    int n = cipher.processBytes(sealed, 0, sealed.length, out, 0);
    n += cipher.doFinal(out, n);
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static byte[] hmac(byte[] key, byte[] bytes, int length) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(bytes, 0, length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
