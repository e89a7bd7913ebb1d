package io.capstan.api.helm.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** How to verify the signature of an OCI Helm chart before it is used. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmChartTemplateVerification extends ExtensibleObject {

  @Required
  @Default("cosign")
  @JsonPropertyDescription("Provider is the technology the chart was signed with.")
  private VerificationProvider provider;

  @JsonPropertyDescription("SecretRef names a Secret holding the trusted public keys.")
  private LocalObjectReference secretRef;

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
}
