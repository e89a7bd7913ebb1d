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
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a {@link GitRepository}: which repository and reference to package. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' ||"
            + " self.provider == 'aws'))",
    message = "serviceAccountName can only be set when provider is 'azure' or 'aws'")
public class GitRepositorySpec extends ExtensibleObject implements Suspendable {

  @Required
  @Pattern("^(http|https|ssh)://.*$")
  @JsonPropertyDescription("URL of the Git repository, an HTTP/S or SSH address.")
  private String url;

  @JsonPropertyDescription(
      "SecretRef specifies the Secret with the credentials for the repository: 'username' and"
          + " 'password' (basic auth) or 'bearerToken' for HTTPS, 'identity' and 'known_hosts'"
          + " for SSH.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "Provider used for authentication: 'generic' (the default when omitted), 'aws', 'azure'"
          + " or 'github'.")
  private GitProvider provider;

  @JsonPropertyDescription(
      "ServiceAccountName is the Kubernetes ServiceAccount used to authenticate to the"
          + " repository; only supported with the 'azure' and 'aws' providers.")
  private String serviceAccountName;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the repository is checked for updates; approximate, as it may be"
          + " jittered to spread the load.")
  private String interval;

  @Default("60s")
  @Pattern(Durations.PATTERN_WITHOUT_HOURS)
  @JsonPropertyDescription("Timeout for Git operations like cloning, defaults to 60s.")
  private String timeout;

  @JsonPropertyDescription(
      "Reference specifies the Git reference to resolve and watch for changes, defaults to the"
          + " 'master' branch.")
  private GitRepositoryRef ref;

  @JsonPropertyDescription(
      "Verification configures the verification of the Git commit and/or tag signature(s).")
  private GitRepositoryVerification verify;

  @JsonPropertyDescription(
      "ProxySecretRef specifies the Secret with the proxy configuration used to reach the Git"
          + " server.")
  private LocalObjectReference proxySecretRef;

  @JsonPropertyDescription(
      "Ignore overrides the default exclusion patterns, in .sourceignore (.gitignore) format.")
  private String ignore;

  @JsonPropertyDescription("Suspend tells the controller to stop reconciling this GitRepository.")
  private Boolean suspend;

  @JsonPropertyDescription(
      "RecurseSubmodules enables initialising all submodules of the cloned repository with"
          + " their default settings.")
  private Boolean recurseSubmodules;

  @JsonPropertyDescription(
      "Include lists GitRepositories whose Artifacts are copied into the Artifact of this"
          + " GitRepository.")
  private List<GitRepositoryInclude> include;

  @JsonPropertyDescription(
      "SparseCheckout lists the directories to check out; when set, only these directories end"
          + " up in the Artifact.")
  private List<String> sparseCheckout;

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

  public GitProvider getProvider() {
    return provider;
  }

  public void setProvider(GitProvider provider) {
    this.provider = provider;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
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

  public GitRepositoryRef getRef() {
    return ref;
  }

  public void setRef(GitRepositoryRef ref) {
    this.ref = ref;
  }

  public GitRepositoryVerification getVerify() {
    return verify;
  }

  public void setVerify(GitRepositoryVerification verify) {
    this.verify = verify;
  }

  public LocalObjectReference getProxySecretRef() {
    return proxySecretRef;
  }

  public void setProxySecretRef(LocalObjectReference proxySecretRef) {
    this.proxySecretRef = proxySecretRef;
  }

  public String getIgnore() {
    return ignore;
  }

  public void setIgnore(String ignore) {
    this.ignore = ignore;
  }

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Boolean getRecurseSubmodules() {
    return recurseSubmodules;
  }

  public void setRecurseSubmodules(Boolean recurseSubmodules) {
    this.recurseSubmodules = recurseSubmodules;
  }

  public List<GitRepositoryInclude> getInclude() {
    return include;
  }

  public void setInclude(List<GitRepositoryInclude> include) {
    this.include = include == null ? null : new ArrayList<>(include);
  }

  public List<String> getSparseCheckout() {
    return sparseCheckout;
  }

  public void setSparseCheckout(List<String> sparseCheckout) {
    this.sparseCheckout = sparseCheckout == null ? null : new ArrayList<>(sparseCheckout);
  }
}
