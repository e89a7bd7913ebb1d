package io.capstan.testing.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * An SSH key pair for tests (ECDSA P-256 or RSA), exportable the way Flux's SSH Secrets carry it:
 * {@link #privateKeyPem()} is the {@code identity} field, {@link #publicKeyLine()} the {@code
 * identity.pub} field or an {@code authorized_keys} line.
 */
public final class SshKey {

  private final KeyPair keyPair;

  private SshKey(KeyPair keyPair) {
    this.keyPair = keyPair;
  }

  /** A new ECDSA key on curve P-256 ({@code ecdsa-sha2-nistp256}). */
  public static SshKey ecdsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new SshKey(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new 3072-bit RSA key ({@code ssh-rsa}). */
  public static SshKey rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(3072);
      return new SshKey(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Java key pair. */
  public KeyPair keyPair() {
    return keyPair;
  }

  /** The public key in OpenSSH form: {@code <type> <base64>}. */
  public String publicKeyLine() {
    return PublicKeyEntry.toString(keyPair.getPublic());
  }

  /**
   * The unencrypted private key in OpenSSH format ({@code -----BEGIN OPENSSH PRIVATE KEY-----}).
   */
  public String privateKeyPem() {
    return privateKeyPem(null);
  }

  /**
   * The private key in OpenSSH format, encrypted with {@code passphrase} (AES-256) when it is not
   * null: the {@code identity} of a Secret that also carries {@code password}.
   */
  public String privateKeyPem(String passphrase) {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setPassword(passphrase);
      encryption.setCipherName("AES");
      encryption.setCipherType("256");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
          keyPair, "capstan-test", encryption, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
