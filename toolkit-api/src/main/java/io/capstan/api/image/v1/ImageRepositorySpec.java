package io.capstan.api.image.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.AccessFrom;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Which image repository to scan (e.g. {@code ghcr.io/fluxcd/flux}), how often and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageRepositorySpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription("Image is the name of the image repository.")
  private String image;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval is the length of time to wait between scans of the image repository.")
  private String interval;

  @Pattern(Durations.PATTERN_WITHOUT_HOURS)
  @JsonPropertyDescription("Timeout for image scanning. Defaults to the Interval duration.")
  private String timeout;

  @JsonPropertyDescription(
      "SecretRef names a Secret with credentials for the image registry, of the kind created by"
          + " `kubectl create secret docker-registry` or equivalent.")
  private LocalObjectReference secretRef;

  @Size(max = 253)
  @JsonPropertyDescription(
      "ServiceAccountName is the name of the Kubernetes ServiceAccount whose attached image pull"
          + " secrets are used to authenticate to the registry.")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "CertSecretRef names a Secret (type Opaque or kubernetes.io/tls) holding a PEM client"
          + " certificate and key ('tls.crt', 'tls.key') and/or a PEM CA certificate ('ca.crt')"
          + " used when connecting to the registry. The legacy keys 'caFile', 'certFile' and"
          + " 'keyFile' are deprecated.")
  private LocalObjectReference certSecretRef;

  @JsonPropertyDescription(
      "ProxySecretRef names a Secret with the proxy configuration to use when talking to the"
          + " container registry.")
  private LocalObjectReference proxySecretRef;

  @JsonPropertyDescription(
      "This flag tells the controller to suspend subsequent image scans. It does not apply to"
          + " already started scans. Defaults to false.")
  private Boolean suspend;

  @JsonPropertyDescription(
      "AccessFrom is an ACL allowing objects in other namespaces to refer to this"
          + " ImageRepository, selected by the labels of their namespace.")
  private AccessFrom accessFrom;

  @Default("[\"^.*\\\\.sig$\"]")
  @Size(max = 25)
  @JsonPropertyDescription(
      "ExclusionList is a list of regular expressions; tags matching any of them are not stored"
          + " in the database.")
  private List<String> exclusionList;

  @Default("generic")
  @JsonPropertyDescription(
      "The provider used for authentication, one of 'aws', 'azure', 'gcp' or 'generic'."
          + " Defaults to 'generic'.")
  private RegistryProvider provider;

  @JsonPropertyDescription("Insecure allows connecting to a non-TLS HTTP container registry.")
  private Boolean insecure;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
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

  public LocalObjectReference getCertSecretRef() {
    return certSecretRef;
  }

  public void setCertSecretRef(LocalObjectReference certSecretRef) {
    this.certSecretRef = certSecretRef;
  }

  public LocalObjectReference getProxySecretRef() {
    return proxySecretRef;
  }

  public void setProxySecretRef(LocalObjectReference proxySecretRef) {
    this.proxySecretRef = proxySecretRef;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public AccessFrom getAccessFrom() {
    return accessFrom;
  }

  public void setAccessFrom(AccessFrom accessFrom) {
    this.accessFrom = accessFrom;
  }

  public List<String> getExclusionList() {
    return exclusionList;
  }

  public void setExclusionList(List<String> exclusionList) {
    this.exclusionList = exclusionList == null ? null : new ArrayList<>(exclusionList);
  }

  public RegistryProvider getProvider() {
    return provider;
  }

  public void setProvider(RegistryProvider provider) {
    this.provider = provider;
  }

  public Boolean getInsecure() {
    return insecure;
  }

  public void setInsecure(Boolean insecure) {
    this.insecure = insecure;
  }
}
