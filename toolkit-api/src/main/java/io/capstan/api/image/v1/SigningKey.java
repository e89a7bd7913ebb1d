package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.fabric8.generator.annotation.Required;

/** A key, held in a Secret, that automation commits are signed with (OpenPGP or SSH). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SigningKey extends ExtensibleObject {

  @Required
  @JsonPropertyDescription(
      "SecretRef references a Secret, in the namespace of the ImageUpdateAutomation, holding the"
          + " signing key. For type 'gpg' it must contain 'git.asc' (an ASCII-armored OpenPGP"
          + " keypair) and may contain 'passphrase'. For type 'ssh' it must contain 'identity' (an"
          + " SSH private key, e.g. in the OpenSSH format of ssh-keygen) and may contain"
          + " 'password' (the key's passphrase); this matches the GitRepository SSH auth Secret, so"
          + " one Secret can serve both. Supported SSH key algorithms: ed25519,"
          + " ecdsa-sha2-nistp256/384/521 and rsa (at least 2048 bits).")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "Type selects the signing-key format expected in the referenced Secret. When empty, the"
          + " controller defaults to 'gpg'.")
  private SigningKeyType type;

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public SigningKeyType getType() {
    return type;
  }

  public void setType(SigningKeyType type) {
    this.type = type;
  }
}
