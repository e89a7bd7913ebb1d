package io.capstan.kustomize.controller.decryption;

import io.capstan.testing.tools.TestTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code sops} CLI (from {@link TestTools#sops()}) with test keys: an age identity, an
 * OpenPGP key imported into a private GnuPG home, used to encrypt test files and, as an oracle, to
 * decrypt them.
 */
public final class SopsCli implements AutoCloseable {

  public final Path sops = TestTools.sops();
  public final AgeIdentity age = AgeIdentity.generate();
  final PgpTestKey pgp = PgpTestKey.generate();
  final Path home;
  private final Path ageKeyFile;

  public SopsCli(Path dir) throws IOException, InterruptedException {
    this.home = Files.createDirectories(dir.resolve("gnupg"));
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path publicKey = dir.resolve("pgp.pub.asc");
    Files.writeString(publicKey, pgp.armoredPublicKey());
    run(List.of("gpg", "--batch", "--import", publicKey.toString()), Map.of(), null);
    ageKeyFile = dir.resolve("age.agekey");
    Files.writeString(ageKeyFile, "# test key\n" + age.secretKey() + "\n");
  }

  /** Stops the gpg-agent that gpg may have started for the private GnuPG home. */
  @Override
  public void close() {
    try {
      run(List.of("gpgconf", "--kill", "all"), Map.of(), null);
    } catch (IOException | RuntimeException e) {
      // best effort: gpg-agent also exits once its home directory is deleted
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code sops encrypt} of {@code plain} to the age recipient and any extra arguments. */
  public byte[] encryptAge(Path plain, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(sops.toString()));
    List<String> rest = new ArrayList<>(List.of(args));
    if (!rest.isEmpty() && rest.get(0).equals("--config")) { // a global flag
      command.addAll(rest.subList(0, 2));
      rest = rest.subList(2, rest.size());
    }
    command.addAll(List.of("encrypt", "--age", age.recipient()));
    command.addAll(rest);
    command.add(plain.toString());
    return run(command, Map.of(), null);
  }

  /** {@code sops encrypt} of {@code plain} to the OpenPGP key only. */
  public byte[] encryptPgp(Path plain, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(sops.toString(), "encrypt", "--pgp", pgp.fingerprint()));
    command.addAll(List.of(args));
    command.add(plain.toString());
    return run(command, Map.of(), null);
  }

  /** Runs sops with the given arguments and environment. */
  public byte[] sops(List<String> args, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(sops.toString()));
    command.addAll(args);
    return run(command, env, null);
  }

  /** {@code sops decrypt} with the age key: the oracle. */
  public byte[] decrypt(Path encrypted, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(sops.toString(), "decrypt"));
    command.addAll(List.of(args));
    command.add(encrypted.toString());
    return run(command, Map.of("SOPS_AGE_KEY_FILE", ageKeyFile.toString()), null);
  }

  /** The decryption keys a Kustomization's Secret would give: the age identity. */
  SopsKeys ageKeys() throws SopsDecryptionException {
    return new SopsKeys().importAge("# test key\n" + age.secretKey() + "\n");
  }

  /** The OpenPGP secret key only. */
  SopsKeys pgpKeys() throws SopsDecryptionException {
    return new SopsKeys().importPgp(pgp.armoredSecretKey().getBytes(StandardCharsets.US_ASCII));
  }

  public byte[] run(List<String> command, Map<String, String> env, byte[] stdin)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("SOPS_AGE_KEY_FILE");
    builder.environment().remove("SOPS_AGE_KEY");
    builder.environment().put("GNUPGHOME", home.toString());
    builder.environment().put("SOPS_DISABLE_VERSION_CHECK", "1");
    builder.environment().putAll(env);
    Path err = Files.createTempFile("sops-err", ".log");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    if (stdin != null) {
      process.getOutputStream().write(stdin);
    }
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      String stderr = Files.readString(err);
      Files.deleteIfExists(err);
      throw new IllegalStateException(String.join(" ", command) + " failed: " + stderr);
    }
    Files.deleteIfExists(err);
    return out;
  }
}
