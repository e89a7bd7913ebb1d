package io.capstan.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Verifies the signatures of a checked-out commit and/or the annotated tag it was reached through,
 * against trusted public keys from the Secret named by {@code spec.verify.secretRef}:
 *
 * <ul>
 *   <li>OpenPGP key rings (armored {@code gpg --export --armor}) under keys ending in {@code .asc},
 *       or any value that contains an armored public key block;
 *   <li>SSH public keys ({@code authorized_keys} lines) under keys ending in {@code .sshpub}.
 * </ul>
 *
 * <p>Results and errors carry Flux's condition reasons and messages.
 */
public final class CommitVerifier {

  private final OpenPgpSignatures pgp;
  private final SshSignatures ssh;

  private CommitVerifier(OpenPgpSignatures pgp, SshSignatures ssh) {
    this.pgp = pgp;
    this.ssh = ssh;
  }

  /**
   * Reads the trusted keys from a secret's data.
   *
   * @throws IllegalArgumentException when a value cannot be read as the key type its name or
   *     content announces (the message names the secret key, never key material)
   */
  public static CommitVerifier fromSecret(Map<String, byte[]> data) {
    List<byte[]> pgpValues = new ArrayList<>();
    List<String> pgpNames = new ArrayList<>();
    List<byte[]> sshValues = new ArrayList<>();
    List<String> sshNames = new ArrayList<>();
    for (var e : new TreeMap<>(data).entrySet()) {
      String name = e.getKey();
      String text = new String(e.getValue(), StandardCharsets.UTF_8);
      if (name.endsWith(".sshpub")) {
        sshValues.add(e.getValue());
        sshNames.add(name);
      } else if (name.endsWith(".asc") || text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
        pgpValues.add(e.getValue());
        pgpNames.add(name);
      }
    }
    return new CommitVerifier(
        OpenPgpSignatures.of(pgpValues, pgpNames), SshSignatures.of(sshValues, sshNames));
  }

  /**
   * Verifies what {@code mode} asks for: with a tag mode the commit must have been reached through
   * a signed annotated tag; with a HEAD mode the commit itself must be signed. The tag is verified
   * first, as Flux does.
   *
   * @throws VerificationException with Flux's reason when a signature is missing or invalid
   */
  public Verification verify(Commit commit, VerificationMode mode) throws VerificationException {
    List<Verification.Verified> verified = new ArrayList<>();
    if (mode.verifiesTag()) {
      AnnotatedTag tag = commit.tag();
      if (tag == null) {
        throw new VerificationException(
            VerificationException.INVALID_VERIFICATION_MODE,
            "cannot verify tag object's signature if a tag reference is not specified");
      }
      if (!tag.isSigned()) {
        throw new VerificationException(
            VerificationException.INVALID_GIT_OBJECT,
            "cannot verify signature of tag '" + tag + "' since it is not signed");
      }
      Optional<String> key = check(tag.signature(), tag.signedPayload());
      if (key.isEmpty()) {
        throw new VerificationException(
            VerificationException.INVALID_TAG_SIGNATURE,
            "signature verification of tag '"
                + tag
                + "' failed: unable to verify Git tag: "
                + noKeyMessage(tag.signature()));
      }
      verified.add(new Verification.Verified("tag", tag.toString(), key.get()));
    }
    if (mode.verifiesHead()) {
      if (!commit.isSigned()) {
        throw new VerificationException(
            VerificationException.INVALID_COMMIT_SIGNATURE,
            "signature verification of commit '"
                + commit.hash()
                + "' failed: unable to verify Git commit: unable to verify payload as the"
                + " provided signature is empty");
      }
      Optional<String> key = check(commit.signature(), commit.signedPayload());
      if (key.isEmpty()) {
        throw new VerificationException(
            VerificationException.INVALID_COMMIT_SIGNATURE,
            "signature verification of commit '"
                + commit.hash()
                + "' failed: unable to verify Git commit: "
                + noKeyMessage(commit.signature()));
      }
      verified.add(new Verification.Verified("commit", commit.hash(), key.get()));
    }
    return new Verification(mode, verified);
  }

  private Optional<String> check(String signature, byte[] payload) {
    return SshSignatures.isSsh(signature)
        ? ssh.verify(signature, payload)
        : pgp.verify(signature, payload);
  }

  private static String noKeyMessage(String signature) {
    return SshSignatures.isSsh(signature)
        ? "unable to verify payload with any of the given authorized keys"
        : "unable to verify payload with any of the given key rings";
  }
}
