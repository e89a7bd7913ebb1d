package io.capstan.api.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where to find the KubeConfig of a remote cluster that a Kustomization or HelmRelease applies to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.configMapRef) || has(self.secretRef)",
    message =
        "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified")
@ValidationRule(
    value = "!has(self.configMapRef) || !has(self.secretRef)",
    message =
        "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified")
public class KubeConfigReference extends ExtensibleObject {

  @JsonPropertyDescription(
      "SecretRef holds the name of a secret that contains a key with the kubeconfig file as the"
          + " value. If no key is set, the key will default to 'value'.")
  private SecretKeyReference secretRef;

  @JsonPropertyDescription(
      "ConfigMapRef holds an optional name of a ConfigMap with the keys provider, cluster,"
          + " address, ca.crt, audiences and serviceAccountName, for secret-less authentication"
          + " to a cloud provider's cluster. Mutually exclusive with SecretRef.")
  private LocalObjectReference configMapRef;

  public LocalObjectReference getConfigMapRef() {
    return configMapRef;
  }

  public void setConfigMapRef(LocalObjectReference configMapRef) {
    this.configMapRef = configMapRef;
  }

  public SecretKeyReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretKeyReference secretRef) {
    this.secretRef = secretRef;
  }
}
