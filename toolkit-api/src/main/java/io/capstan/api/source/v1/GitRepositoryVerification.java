package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** How a {@link GitRepository} verifies commit and tag signatures (PGP or SSH). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitRepositoryVerification extends ExtensibleObject {

  @Default("HEAD")
  @JsonPropertyDescription(
      "Mode specifies which Git object(s) should be verified: 'HEAD' (or the legacy 'head') for"
          + " the commit HEAD points to, 'Tag' for the checked-out tag, 'TagAndHEAD' for both.")
  private GitVerificationMode mode;

  @Required
  @JsonPropertyDescription(
      "SecretRef specifies the Secret holding the public keys of trusted Git authors: PGP keys"
          + " under keys ending in .asc, SSH keys under keys ending in .sshpub.")
  private LocalObjectReference secretRef;

  public GitVerificationMode getMode() {
    return mode;
  }

  public void setMode(GitVerificationMode mode) {
    this.mode = mode;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }
}
