package io.capstan.api.source.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Desired state of an {@link OCIRepository}: which OCI artifact to pull, and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OCIRepositorySpec extends ExtensibleObject implements Suspendable {

  @Required
  @Pattern("^oci://.*$")
  @JsonPropertyDescription(
      "URL is the address of an OCI artifact repository on a container registry, e.g."
          + " 'oci://ghcr.io/org/manifests/app'.")
  private String url;

  @JsonPropertyDescription(
      "Reference is the OCI reference to pull and watch for changes, defaults to the 'latest'"
          + " tag.")
  private OCIRepositoryRef ref;

  @JsonPropertyDescription(
      "LayerSelector selects the layer to take from the OCI artifact; when omitted, the first"
          + " layer of the artifact is selected.")
  private OCILayerSelector layerSelector;

  @Default("generic")
  @JsonPropertyDescription(
      "Provider used for authentication: 'aws', 'azure', 'gcp' or 'generic' (the default).")
  private OCIProvider provider;

  @JsonPropertyDescription(
      "SecretRef specifies a Secret of type kubernetes.io/dockerconfigjson with the registry"
          + " credentials.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "Verify configures the verification of the artifact's signature: the provider and the"
          + " trusted keys or identities.")
  private OCIRepositoryVerification verify;

  @JsonPropertyDescription(
      "ServiceAccountName is the Kubernetes ServiceAccount whose image pull secrets are used to"
          + " authenticate the pull.")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "CertSecretRef specifies a Secret (type Opaque or kubernetes.io/tls) holding a client"
          + " certificate and key ('tls.crt', 'tls.key') and/or a CA certificate ('ca.crt')"
          + " used to connect to the registry.")
  private LocalObjectReference certSecretRef;

  @JsonPropertyDescription(
      "ProxySecretRef specifies the Secret with the proxy configuration used to reach the"
          + " container registry.")
  private LocalObjectReference proxySecretRef;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the OCI repository is checked for updates; approximate, as it may be"
          + " jittered to spread the load.")
  private String interval;

  @Default("60s")
  @Pattern(Durations.PATTERN_WITHOUT_HOURS)
  @JsonPropertyDescription("Timeout for remote OCI operations like pulling, defaults to 60s.")
  private String timeout;

  @JsonPropertyDescription(
      "Ignore overrides the default exclusion patterns, in .sourceignore (.gitignore) format.")
  private String ignore;

  @JsonPropertyDescription("Insecure allows connecting to a container registry over plain HTTP.")
  private Boolean insecure;

  @JsonPropertyDescription("Suspend tells the controller to stop reconciling this OCIRepository.")
  private Boolean suspend;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public OCIRepositoryRef getRef() {
    return ref;
  }

  public void setRef(OCIRepositoryRef ref) {
    this.ref = ref;
  }

  public OCILayerSelector getLayerSelector() {
    return layerSelector;
  }

  public void setLayerSelector(OCILayerSelector layerSelector) {
    this.layerSelector = layerSelector;
  }

  public OCIProvider getProvider() {
    return provider;
  }

  public void setProvider(OCIProvider provider) {
    this.provider = provider;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public OCIRepositoryVerification getVerify() {
    return verify;
  }

  public void setVerify(OCIRepositoryVerification verify) {
    this.verify = verify;
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

  public String getIgnore() {
    return ignore;
  }

  public void setIgnore(String ignore) {
    this.ignore = ignore;
  }

  public Boolean getInsecure() {
    return insecure;
  }

  public void setInsecure(Boolean insecure) {
    this.insecure = insecure;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
