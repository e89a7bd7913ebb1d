package io.capstan.api.notification.v1beta3;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.capstan.api.meta.Durations;
import io.capstan.api.meta.ExtensibleObject;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.Suspendable;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where and how a Provider delivers alerts: service type, endpoint, credentials, TLS, proxy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea'"
            + " || self.type == 'bitbucketserver' || self.type == 'bitbucket'"
            + " || self.type == 'azuredevops' || !has(self.commitStatusExpr)",
    message =
        "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea',"
            + " 'bitbucketserver', 'bitbucket', 'azuredevops' provider types")
public class ProviderSpec extends ExtensibleObject implements Suspendable {

  @Required
  @JsonPropertyDescription("Type specifies which Provider implementation to use.")
  private ProviderType type;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which to reconcile the Provider with its Secret references. Deprecated and"
          + " not used in v1beta3.")
  private String interval;

  @Size(max = 2048)
  @JsonPropertyDescription(
      "Channel specifies the destination channel where events should be posted.")
  private String channel;

  @Size(max = 2048)
  @JsonPropertyDescription("Username specifies the name under which events are posted.")
  private String username;

  @Size(max = 2048)
  @JsonPropertyDescription(
      "Address specifies the endpoint, in a generic sense, to where alerts are sent; what it is"
          + " depends on the Provider type: an HTTP/S address for the generic Provider, a"
          + " project ID or a namespace for others.")
  private String address;

  @Pattern(Durations.PATTERN_WITHOUT_HOURS)
  @JsonPropertyDescription("Timeout for sending alerts to the Provider.")
  private String timeout;

  @Size(max = 2048)
  @Pattern("^(http|https)://.*$")
  @JsonPropertyDescription(
      "Proxy is the HTTP/S address of the proxy server. Deprecated: use ProxySecretRef instead;"
          + " it will be removed in v1.")
  private String proxy;

  @JsonPropertyDescription(
      "ProxySecretRef specifies the Secret containing the proxy configuration for this"
          + " Provider: an 'address' key with the HTTP/S address of the proxy server and optional"
          + " 'username' and 'password' keys for proxy authentication.")
  private LocalObjectReference proxySecretRef;

  @JsonPropertyDescription(
      "SecretRef specifies the Secret containing the authentication credentials for this"
          + " Provider.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate with"
          + " cloud provider services through workload identity (types azureeventhub,"
          + " azuredevops, googlepubsub): the controller creates an OIDC token for the"
          + " ServiceAccount and exchanges it for cloud credentials. When unspecified,"
          + " controller-level authentication is used. It is an error to also set static"
          + " credentials in SecretRef. Requires the ObjectLevelWorkloadIdentity feature gate.")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "CertSecretRef specifies the Secret containing TLS certificates for secure communication:"
          + " 'ca.crt' alone (server authentication), 'ca.crt' with 'tls.crt' and 'tls.key'"
          + " (mutual TLS) or 'tls.crt' and 'tls.key' alone (client authentication with the"
          + " system CAs). The legacy keys 'caFile', 'certFile' and 'keyFile' are deprecated.")
  private LocalObjectReference certSecretRef;

  @JsonPropertyDescription(
      "CommitStatusExpr is a CEL expression evaluating to a string, used as a custom commit"
          + " status message by the Git commit status Provider types (github, gitlab, gitea,"
          + " bitbucketserver, bitbucket, azuredevops). It can read the variables event,"
          + " provider and alert.")
  private String commitStatusExpr;

  @JsonPropertyDescription(
      "Suspend tells the controller to suspend subsequent events handling for this Provider.")
  private Boolean suspend;

  public ProviderType getType() {
    return type;
  }

  public void setType(ProviderType type) {
    this.type = type;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getChannel() {
    return channel;
  }

  public void setChannel(String channel) {
    this.channel = channel;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public String getProxy() {
    return proxy;
  }

  public void setProxy(String proxy) {
    this.proxy = proxy;
  }

  public LocalObjectReference getProxySecretRef() {
    return proxySecretRef;
  }

  public void setProxySecretRef(LocalObjectReference proxySecretRef) {
    this.proxySecretRef = proxySecretRef;
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

  public String getCommitStatusExpr() {
    return commitStatusExpr;
  }

  public void setCommitStatusExpr(String commitStatusExpr) {
    this.commitStatusExpr = commitStatusExpr;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
