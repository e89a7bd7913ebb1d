package io.capstan.helm.engine;

import io.capstan.gotemplate.GoObject;
import io.capstan.gotemplate.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code .Capabilities}: KubeVersion, APIVersions (with {@code Has}), HelmVersion. */
public final class Capabilities implements GoObject {
  /** Helm v4.3.2's version info. */
  public static final String HELM_VERSION = "v4.3.2";

  /** The Go version the reference Helm was built with. */
  public static final String HELM_GO_VERSION = "go1.26.8";

  /** Kubernetes version when none is given: Helm v4.3.2 derives it from its client-go (v1.37). */
  public static final String DEFAULT_KUBE_VERSION = "v1.37.0";

  /** Helm's built-in API versions (client-only, {@code chartutil.DefaultVersionSet}). */
  public static final List<String> DEFAULT_API_VERSIONS =
      List.of(
          "v1",
          "admissionregistration.k8s.io/v1",
          "admissionregistration.k8s.io/v1alpha1",
          "admissionregistration.k8s.io/v1beta1",
          "internal.apiserver.k8s.io/v1alpha1",
          "apps/v1",
          "apps/v1beta1",
          "apps/v1beta2",
          "authentication.k8s.io/v1",
          "authentication.k8s.io/v1alpha1",
          "authentication.k8s.io/v1beta1",
          "authorization.k8s.io/v1",
          "authorization.k8s.io/v1beta1",
          "autoscaling/v1",
          "autoscaling/v2",
          "batch/v1",
          "batch/v1beta1",
          "certificates.k8s.io/v1",
          "certificates.k8s.io/v1beta1",
          "certificates.k8s.io/v1alpha1",
          "coordination.k8s.io/v1alpha2",
          "coordination.k8s.io/v1beta1",
          "coordination.k8s.io/v1",
          "discovery.k8s.io/v1",
          "discovery.k8s.io/v1beta1",
          "events.k8s.io/v1",
          "events.k8s.io/v1beta1",
          "extensions/v1beta1",
          "flowcontrol.apiserver.k8s.io/v1",
          "flowcontrol.apiserver.k8s.io/v1beta1",
          "flowcontrol.apiserver.k8s.io/v1beta2",
          "flowcontrol.apiserver.k8s.io/v1beta3",
          "lifecycle.k8s.io/v1alpha1",
          "networking.k8s.io/v1",
          "networking.k8s.io/v1beta1",
          "node.k8s.io/v1",
          "node.k8s.io/v1alpha1",
          "node.k8s.io/v1beta1",
          "policy/v1",
          "policy/v1beta1",
          "rbac.authorization.k8s.io/v1",
          "rbac.authorization.k8s.io/v1beta1",
          "rbac.authorization.k8s.io/v1alpha1",
          "resource.k8s.io/v1",
          "resource.k8s.io/v1beta2",
          "resource.k8s.io/v1beta1",
          "resource.k8s.io/v1alpha3",
          "scheduling.k8s.io/v1alpha3",
          "scheduling.k8s.io/v1beta1",
          "scheduling.k8s.io/v1",
          "storage.k8s.io/v1beta1",
          "storage.k8s.io/v1",
          "storage.k8s.io/v1alpha1",
          "storagemigration.k8s.io/v1",
          "storagemigration.k8s.io/v1beta1",
          "apiextensions.k8s.io/v1beta1",
          "apiextensions.k8s.io/v1");

  private final String kubeVersion;
  private final List<String> apiVersions;

  /** Capabilities for a Kubernetes version ("1.36.0" or "v1.36.0") and extra API versions. */
  public Capabilities(String kubeVersion, List<String> extraApiVersions) {
    this.kubeVersion = kubeVersion;
    List<String> all = new ArrayList<>(DEFAULT_API_VERSIONS);
    all.addAll(extraApiVersions);
    this.apiVersions = all;
  }

  private static final Pattern KUBE =
      Pattern.compile(
          "^v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");

  /** Parses {@code --kube-version} as Helm does. */
  static String normalizeKubeVersion(String v) throws HelmException {
    Matcher m = KUBE.matcher(v.strip());
    if (!m.matches()) {
      throw new HelmException("invalid kube version '" + v + "': Invalid Semantic Version");
    }
    String minor = m.group(2) == null ? "0" : m.group(2);
    String patch = m.group(3) == null ? "0" : m.group(3);
    return "v" + m.group(1) + "." + minor + "." + patch + (m.group(4) == null ? "" : m.group(4));
  }

  @Override
  public Object field(String name) throws TemplateException {
    switch (name) {
      case "KubeVersion":
        return kubeVersionObject();
      case "APIVersions":
        return new VersionSet(apiVersions);
      case "HelmVersion":
        {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("Version", HELM_VERSION);
          f.put("GitCommit", "");
          f.put("GitTreeState", "");
          f.put("GoVersion", HELM_GO_VERSION);
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("version", HELM_VERSION);
          j.put("go_version", HELM_GO_VERSION);
          return new GoStruct("version.BuildInfo", f, j);
        }
      default:
        throw new NoSuchMemberException(name);
    }
  }

  @Override
  public String goTypeName() {
    return "*common.Capabilities";
  }

  private GoObject kubeVersionObject() {
    Matcher m = KUBE.matcher(kubeVersion);
    m.matches();
    String major = m.group(1);
    String minor = m.group(2);
    String version = kubeVersion;
    return new GoObject() {
      @Override
      public Object field(String n) throws TemplateException {
        return switch (n) {
          case "Version" -> version;
          case "Major" -> major;
          case "Minor" -> minor;
          default -> throw new NoSuchMemberException(n);
        };
      }

      @Override
      public boolean hasMethod(String n) {
        return n.equals("GitVersion") || n.equals("String");
      }

      @Override
      public Object method(String n, List<Object> args) throws Exception {
        if (n.equals("GitVersion") || n.equals("String")) {
          return version;
        }
        throw new NoSuchMemberException(n);
      }

      @Override
      public String goTypeName() {
        return "common.KubeVersion";
      }

      @Override
      public String toString() {
        return version;
      }
    };
  }

  /** {@code .Capabilities.APIVersions}: a list with {@code Has}. */
  static final class VersionSet extends ArrayList<Object> implements GoObject {
    private static final long serialVersionUID = 1L;

    VersionSet(List<String> v) {
      super(v);
    }

    @Override
    public Object field(String name) throws TemplateException {
      throw new NoSuchMemberException(name);
    }

    @Override
    public boolean hasMethod(String name) {
      return name.equals("Has");
    }

    @Override
    public Object method(String name, List<Object> args) throws Exception {
      if (!name.equals("Has")) {
        throw new NoSuchMemberException(name);
      }
      return contains(args.isEmpty() ? null : String.valueOf(args.get(0)));
    }

    @Override
    public String goTypeName() {
      return "common.VersionSet";
    }
  }
}
