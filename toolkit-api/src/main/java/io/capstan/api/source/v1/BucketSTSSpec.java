package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Security Token Service a {@link Bucket} obtains temporary credentials from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BucketSTSSpec extends ExtensibleObject {

  @Required
  @JsonPropertyDescription("Provider of the Security Token Service: 'aws' or 'ldap'.")
  private BucketSTSProvider provider;

  @Required
  @Pattern("^(http|https)://.*$")
  @JsonPropertyDescription(
      "Endpoint is the HTTP/S address of the Security Token Service temporary credentials are"
          + " fetched from.")
  private String endpoint;

  @JsonPropertyDescription(
      "SecretRef specifies the Secret with the 'username' and 'password' for the STS endpoint;"
          + " only supported for the 'ldap' provider.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "CertSecretRef specifies a Secret (type Opaque or kubernetes.io/tls) holding a client"
          + " certificate and key ('tls.crt', 'tls.key') and/or a CA certificate ('ca.crt')"
          + " used to connect to the STS endpoint; only supported for the 'ldap' provider.")
  private LocalObjectReference certSecretRef;

  public BucketSTSProvider getProvider() {
    return provider;
  }

  public void setProvider(BucketSTSProvider provider) {
    this.provider = provider;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public LocalObjectReference getCertSecretRef() {
    return certSecretRef;
  }

  public void setCertSecretRef(LocalObjectReference certSecretRef) {
    this.certSecretRef = certSecretRef;
  }
}
