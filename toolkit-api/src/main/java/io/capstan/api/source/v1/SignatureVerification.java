package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * How to verify the signature of an OCI artifact ({@code HelmChart.spec.verify}); {@link
 * OCIRepositoryVerification} adds a custom Sigstore trust root.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignatureVerification extends ExtensibleObject {

  @Required
  @Default("cosign")
  @JsonPropertyDescription("Provider is the technology used to sign the OCI artifact.")
  private VerificationProvider provider;

  @JsonPropertyDescription(
      "SecretRef specifies the Secret holding the trusted public keys (cosign) or the"
          + " certificates and trust policy (notation); without it, cosign verifies keyless"
          + " signatures.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "MatchOIDCIdentity lists the identities accepted for artifacts signed with Cosign keyless"
          + " signing; the artifact is verified if any of them matches.")
  private List<OIDCIdentityMatch> matchOIDCIdentity;

  public VerificationProvider getProvider() {
    return provider;
  }

  public void setProvider(VerificationProvider provider) {
    this.provider = provider;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public List<OIDCIdentityMatch> getMatchOIDCIdentity() {
    return matchOIDCIdentity;
  }

  public void setMatchOIDCIdentity(List<OIDCIdentityMatch> matchOIDCIdentity) {
    this.matchOIDCIdentity = matchOIDCIdentity == null ? null : new ArrayList<>(matchOIDCIdentity);
  }
}
