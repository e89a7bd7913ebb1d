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

/** Desired state of a {@link Bucket}: which object storage bucket to package, and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.provider == 'aws' || self.provider == 'generic' || !has(self.sts)",
    message = "STS configuration is only supported for the 'aws' and 'generic' Bucket providers")
@ValidationRule(
    value = "self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'",
    message = "'aws' is the only supported STS provider for the 'aws' Bucket provider")
@ValidationRule(
    value = "self.provider != 'generic' || !has(self.sts) || self.sts.provider == 'ldap'",
    message = "'ldap' is the only supported STS provider for the 'generic' Bucket provider")
@ValidationRule(
    value = "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.secretRef)",
    message = "spec.sts.secretRef is not required for the 'aws' STS provider")
@ValidationRule(
    value = "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.certSecretRef)",
    message = "spec.sts.certSecretRef is not required for the 'aws' STS provider")
@ValidationRule(
    value = "self.provider != 'generic' || !has(self.serviceAccountName)",
    message = "ServiceAccountName is not supported for the 'generic' Bucket provider")
@ValidationRule(
    value = "!has(self.secretRef) || !has(self.serviceAccountName)",
    message = "cannot set both .spec.secretRef and .spec.serviceAccountName")
public class BucketSpec extends ExtensibleObject implements Suspendable {

  @Default("generic")
  @JsonPropertyDescription(
      "Provider of the object storage bucket; 'generic' (the default) expects an S3-compatible"
          + " API.")
  private BucketProvider provider;

  @Required
  @JsonPropertyDescription("BucketName is the name of the object storage bucket.")
  private String bucketName;

  @Required
  @JsonPropertyDescription("Endpoint is the object storage address the bucket is located at.")
  private String endpoint;

  @JsonPropertyDescription(
      "STS configures a Security Token Service to fetch temporary credentials from; only"
          + " supported for the 'aws' and 'generic' providers.")
  private BucketSTSSpec sts;

  @JsonPropertyDescription("Insecure allows connecting to a non-TLS HTTP endpoint.")
  private Boolean insecure;

  @JsonPropertyDescription("Region of the endpoint the bucket is located in.")
  private String region;

  @JsonPropertyDescription("Prefix used for server-side filtering of the objects in the bucket.")
  private String prefix;

  @JsonPropertyDescription("SecretRef specifies the Secret with the credentials for the bucket.")
  private LocalObjectReference secretRef;

  @JsonPropertyDescription(
      "ServiceAccountName is the Kubernetes ServiceAccount used to authenticate to the bucket"
          + " through workload identity; only supported for the 'gcp' and 'aws' providers.")
  private String serviceAccountName;

  @JsonPropertyDescription(
      "CertSecretRef specifies a Secret (type Opaque or kubernetes.io/tls) holding a client"
          + " certificate and key ('tls.crt', 'tls.key') and/or a CA certificate ('ca.crt')"
          + " used to connect to the bucket; only supported for the 'generic' provider.")
  private LocalObjectReference certSecretRef;

  @JsonPropertyDescription(
      "ProxySecretRef specifies the Secret with the proxy configuration used to reach the"
          + " bucket server.")
  private LocalObjectReference proxySecretRef;

  @Required
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Interval at which the bucket is checked for updates; approximate, as it may be jittered"
          + " to spread the load.")
  private String interval;

  @Default("60s")
  @Pattern(Durations.PATTERN_WITHOUT_HOURS)
  @JsonPropertyDescription("Timeout for fetch operations, defaults to 60s.")
  private String timeout;

  @JsonPropertyDescription(
      "Ignore overrides the default exclusion patterns, in .sourceignore (.gitignore) format.")
  private String ignore;

  @JsonPropertyDescription("Suspend tells the controller to stop reconciling this Bucket.")
  private Boolean suspend;

  public BucketProvider getProvider() {
    return provider;
  }

  public void setProvider(BucketProvider provider) {
    this.provider = provider;
  }

  public String getBucketName() {
    return bucketName;
  }

  public void setBucketName(String bucketName) {
    this.bucketName = bucketName;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public BucketSTSSpec getSts() {
    return sts;
  }

  public void setSts(BucketSTSSpec sts) {
    this.sts = sts;
  }

  public Boolean getInsecure() {
    return insecure;
  }

  public void setInsecure(Boolean insecure) {
    this.insecure = insecure;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
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

  @Override
  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
