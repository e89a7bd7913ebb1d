package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.LocalObjectReference;

/**
 * Signature verification of an {@link OCIRepository}'s artifact: a {@link SignatureVerification}
 * that may also name a self-hosted Sigstore trust root.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OCIRepositoryVerification extends SignatureVerification {

  @JsonPropertyDescription(
      "TrustedRootSecretRef specifies a Secret with a Sigstore 'trusted_root.json' key, to"
          + " verify against self-hosted Sigstore infrastructure (own Fulcio CA, own Rekor).")
  private LocalObjectReference trustedRootSecretRef;

  public LocalObjectReference getTrustedRootSecretRef() {
    return trustedRootSecretRef;
  }

  public void setTrustedRootSecretRef(LocalObjectReference trustedRootSecretRef) {
    this.trustedRootSecretRef = trustedRootSecretRef;
  }
}
