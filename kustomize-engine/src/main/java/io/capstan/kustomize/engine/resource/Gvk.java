package io.capstan.kustomize.engine.resource;

import java.util.Objects;
import java.util.Set;

/**
 * Group, version and kind of a resource. Empty fields act as wildcards when the Gvk is used as a
 * selector.
 */
public record Gvk(String group, String version, String kind) {
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "/APIService",
          "apiregistration.k8s.io/APIService",
          "certificates.k8s.io/CertificateSigningRequest",
          "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "/ComponentStatus",
          "storage.k8s.io/CSIDriver",
          "storage.k8s.io/CSINode",
          "apiextensions.k8s.io/CustomResourceDefinition",
          "flowcontrol.apiserver.k8s.io/FlowSchema",
          "networking.k8s.io/IngressClass",
          "admissionregistration.k8s.io/MutatingWebhookConfiguration",
          "/Namespace",
          "/Node",
          "/PersistentVolume",
          "policy/PodSecurityPolicy",
          "extensions/PodSecurityPolicy",
          "scheduling.k8s.io/PriorityClass",
          "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
          "node.k8s.io/RuntimeClass",
          "authorization.k8s.io/SelfSubjectAccessReview",
          "authorization.k8s.io/SelfSubjectRulesReview",
          "authentication.k8s.io/SelfSubjectReview",
          "storage.k8s.io/StorageClass",
          "authorization.k8s.io/SubjectAccessReview",
          "authentication.k8s.io/TokenReview",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
          "storage.k8s.io/VolumeAttachment",
          "networking.k8s.io/IPAddress",
          "networking.k8s.io/ServiceCIDR",
          "certificates.k8s.io/ClusterTrustBundle",
          "resource.k8s.io/DeviceClass");

  /** Canonical form: null fields become empty strings. */
  public Gvk {
    group = group == null ? "" : group;
    version = version == null ? "" : version;
    kind = kind == null ? "" : kind;
  }

  /** Parses {@code apiVersion} ("group/version" or "version") and kind. */
  public static Gvk of(String apiVersion, String kind) {
    if (apiVersion == null || apiVersion.isEmpty()) {
      return new Gvk("", "", kind);
    }
    int slash = apiVersion.lastIndexOf('/');
    if (slash < 0) {
      return new Gvk("", apiVersion, kind);
    }
    return new Gvk(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
  }

  /** The apiVersion string ("group/version", or "version" for the core group). */
  public String apiVersion() {
    if (group.isEmpty()) {
      return version;
    }
    return version.isEmpty() ? group : group + "/" + version;
  }

  /** True when every non-empty field of {@code selector} equals this Gvk's field. */
  public boolean isSelected(Gvk selector) {
    if (selector == null) {
      return true;
    }
    return (selector.group.isEmpty() || selector.group.equals(group))
        && (selector.version.isEmpty() || selector.version.equals(version))
        && (selector.kind.isEmpty() || selector.kind.equals(kind));
  }

  /** True for the built-in kinds known to be cluster scoped; custom kinds are namespaced. */
  public boolean isClusterScoped() {
    return CLUSTER_SCOPED.contains(group + "/" + kind);
  }

  /** Kustomize's textual form {@code group_version_kind} with ~G/~V/~K for empty parts. */
  @Override
  public String toString() {
    return (group.isEmpty() ? "~G" : group)
        + "_"
        + (version.isEmpty() ? "~V" : version)
        + "_"
        + (kind.isEmpty() ? "~K" : kind);
  }

  /**
   * Component-wise, as the record's own; written out so a short run does not bootstrap {@code
   * java.lang.runtime.ObjectMethods} (method-handle spinning, ~20 classes generated at start-up:
   * issue #19).
   */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof Gvk g
            && Objects.equals(group, g.group)
            && Objects.equals(version, g.version)
            && Objects.equals(kind, g.kind);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, version, kind);
  }
}
