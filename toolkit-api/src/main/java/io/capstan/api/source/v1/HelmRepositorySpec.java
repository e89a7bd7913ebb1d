package io.capstan.api.source.v1;

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

/**
 * Desired state of a {@link HelmRepository}: a classic Helm repository whose index is fetched, or
 * an OCI registry whose charts {@link HelmChart}s pull directly.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HelmRepositorySpec extends ExtensibleObject implements Suspendable {

  @Required
  @Pattern("^(http|https|oci)://.*$")
  @JsonPropertyDescription(
      "URL of the Helm repository; a valid URL has at least a protocol and a host.")
  private String url;

  @JsonPropertyDescription(
      "SecretRef specifies the Secret with the credentials for the repository: 'username' and"
          + " 'password' for basic auth. TLS keys ('certFile', 'keyFile', 'caFile') in this"
          + " Secret are deprecated in favour of spec.certSecretRef.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "CertSecretRef specifies a Secret (type Opaque or kubernetes.io/tls) holding a client"
          + " certificate and key ('tls.crt', 'tls.key') and/or a CA certificate ('ca.crt')"
          + " used to connect to the repository; takes precedence over the TLS keys of"
          + " spec.secretRef.")
  private LocalObjectReference certSecretRef;

  @JsonPropertyDescription(
      "PassCredentials allows sending the credentials of spec.secretRef to hosts other than the"
          + " one in the URL, e.g. when the index points to charts on another host. Enabling it"
          + " risks leaking the credentials.")
  private Boolean passCredentials;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the repository URL is checked for updates; approximate, as it may be"
          + " jittered to spread the load.")
  private String interval;

  @JsonPropertyDescription(
      "Insecure allows connecting to a container registry over plain HTTP; only used when"
          + " spec.type is 'oci'.")
  private Boolean insecure;

  @Pattern(Durations.PATTERN_WITHOUT_HOURS)
  @JsonPropertyDescription(
      "Timeout of the index download of an HTTP/S repository, and of remote OCI operations"
          + " (e.g. a HelmChart pulling an OCI chart); defaults to 60s.")
  private String timeout;

  @JsonPropertyDescription("Suspend tells the controller to stop reconciling this HelmRepository.")
  private Boolean suspend;

  @JsonPropertyDescription(
      "AccessFrom is an access control list for cross-namespace references to this object"
          + " (provisional, not enforced).")
  private AccessFrom accessFrom;

  @JsonPropertyDescription(
      "Type of the repository, 'default' or 'oci'; with 'oci' the URL must start with"
          + " 'oci://'.")
  private HelmRepositoryType type;

  @Default("generic")
  @JsonPropertyDescription(
      "Provider used for authentication: 'aws', 'azure', 'gcp' or 'generic' (the default);"
          + " only used when spec.type is 'oci'.")
  private OCIProvider provider;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
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

  public Boolean getPassCredentials() {
    return passCredentials;
  }

  public void setPassCredentials(Boolean passCredentials) {
    this.passCredentials = passCredentials;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Boolean getInsecure() {
    return insecure;
  }

  public void setInsecure(Boolean insecure) {
    this.insecure = insecure;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
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

  public HelmRepositoryType getType() {
    return type;
  }

  public void setType(HelmRepositoryType type) {
    this.type = type;
  }

  public OCIProvider getProvider() {
    return provider;
  }

  public void setProvider(OCIProvider provider) {
    this.provider = provider;
  }
}
