package io.capstan.api.kustomize.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.fabric8.generator.annotation.Required;

/** How to decrypt encrypted Secrets in the built manifests before applying them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Decryption extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Provider is the decryption engine.")
  private DecryptionProvider provider;

  @JsonPropertyDescription(
      "SecretRef names a Secret holding the private keys (OpenPGP, age) or cloud "
          + "credentials used for decryption. Static cloud credentials in it take priority "
          + "over secret-less authentication with ServiceAccountName.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "ServiceAccountName is the service account used to authenticate with cloud KMS "
          + "services; static credentials for the same provider in SecretRef take priority.")
  private String serviceAccountName;

  public DecryptionProvider getProvider() {
    return provider;
  }

  public void setProvider(DecryptionProvider provider) {
    this.provider = provider;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }
}
