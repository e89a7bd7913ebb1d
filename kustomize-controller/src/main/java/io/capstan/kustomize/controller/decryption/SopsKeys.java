package io.capstan.kustomize.controller.decryption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys a Kustomization may decrypt with, read from its decryption Secret the way Flux reads
 * them: {@code *.agekey} (age identities), {@code *.asc} (armored OpenPGP secret keys), {@code
 * sops.vault-token} (HashiCorp Vault token). The cloud KMS credential entries ({@code
 * sops.aws-kms}, {@code sops.azure-kv}, {@code sops.gcp-kms}) are recorded by name only: KMS
 * decryption is not implemented.
 */
public final class SopsKeys {

  /** Extension of an armored OpenPGP key entry. */
  public static final String PGP_EXTENSION = ".asc";

  /** Extension of an age key file entry. */
  public static final String AGE_EXTENSION = ".agekey";

  /** Name of the HashiCorp Vault token entry. */
  public static final String VAULT_TOKEN = "sops.vault-token";

  private static final List<String> KMS_ENTRIES =
      List.of("sops.aws-kms", "sops.azure-kv", "sops.gcp-kms");

  private final List<AgeIdentity> ageIdentities = new ArrayList<>();
  private final PgpIdentities pgp = new PgpIdentities();
  private final List<String> kmsEntries = new ArrayList<>();
  private String vaultToken;

  /** No keys yet. */
  public SopsKeys() {}

  /**
   * Imports the entries of a decryption Secret, in name order.
   *
   * @param data the Secret's decoded data
   * @param secretName {@code namespace/name}, for messages
   * @throws SopsDecryptionException Flux's "failed to import '&lt;entry&gt;' data from sops
   *     decryption Secret '&lt;ns/name&gt;': ..." for an unreadable key
   */
  public SopsKeys importSecret(Map<String, byte[]> data, String secretName)
      throws SopsDecryptionException {
    for (Map.Entry<String, byte[]> entry : new TreeMap<>(data).entrySet()) {
      String name = entry.getKey();
      try {
        if (name.endsWith(PGP_EXTENSION)) {
          pgp.importKeys(entry.getValue());
        } else if (name.endsWith(AGE_EXTENSION)) {
          importAge(new String(entry.getValue(), StandardCharsets.UTF_8));
        } else if (name.equals(VAULT_TOKEN)) {
          vaultToken = new String(entry.getValue(), StandardCharsets.UTF_8).strip();
        } else if (KMS_ENTRIES.contains(name)) {
          kmsEntries.add(name);
        }
      } catch (SopsDecryptionException e) {
        throw new SopsDecryptionException(
            "failed to import '"
                + name
                + "' data from sops decryption Secret '"
                + secretName
                + "': "
                + e.getMessage(),
            e);
      }
    }
    return this;
  }

  /** Adds the identities of an age key file (what an {@code *.agekey} entry holds). */
  public SopsKeys importAge(String keyFile) throws SopsDecryptionException {
    ageIdentities.addAll(AgeIdentity.parseAll(keyFile));
    return this;
  }

  /** Adds armored OpenPGP secret keys (what an {@code *.asc} entry holds). */
  public SopsKeys importPgp(byte[] armored) throws SopsDecryptionException {
    pgp.importKeys(armored);
    return this;
  }

  /** Sets the Vault token (what {@code sops.vault-token} holds). */
  public SopsKeys vaultToken(String token) {
    this.vaultToken = token == null ? null : token.strip();
    return this;
  }

  List<AgeIdentity> ageIdentities() {
    return Collections.unmodifiableList(ageIdentities);
  }

  PgpIdentities pgp() {
    return pgp;
  }

  Optional<String> vaultToken() {
    return Optional.ofNullable(vaultToken).filter(t -> !t.isEmpty());
  }

  List<String> kmsEntries() {
    return Collections.unmodifiableList(kmsEntries);
  }

  /** Whether no key of any kind was imported. */
  public boolean isEmpty() {
    return ageIdentities.isEmpty() && pgp.isEmpty() && vaultToken().isEmpty();
  }

  @Override
  public String toString() {
    return "SopsKeys[age="
        + ageIdentities.size()
        + ", pgp="
        + pgp.fingerprints().size()
        + ", vault="
        + vaultToken().isPresent()
        + "]";
  }
}
