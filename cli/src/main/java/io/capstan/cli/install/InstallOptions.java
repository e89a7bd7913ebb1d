package io.capstan.cli.install;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code capstan install} installs, with {@code flux install}'s options and defaults (except
 * the registry, and the components Capstan does not implement yet; see {@link #AVAILABLE}).
 *
 * @param namespace where the controllers run ({@code flux-system})
 * @param components the controllers, Flux's {@code --components} + {@code --components-extra}
 * @param registry image registry prefix; each image is {@code <registry>/<component>:<version>}
 * @param version the image tag and {@code app.kubernetes.io/version} (as {@code capstan-v<ver>})
 * @param imagePullSecret name of a Secret in {@code namespace} the Pods pull with, or empty
 * @param networkPolicy also install Flux's NetworkPolicies
 * @param watchAllNamespaces the controllers' {@code --watch-all-namespaces}
 * @param logLevel the controllers' {@code --log-level}
 * @param clusterDomain the cluster's DNS domain in the controllers' service addresses ({@code
 *     --cluster-domain}, default {@code cluster.local})
 * @param tolerationKeys taint keys the controllers' Pods tolerate ({@code operator: Exists}),
 *     Flux's {@code --toleration-keys}
 */
public record InstallOptions(
    String namespace,
    List<String> components,
    String registry,
    String version,
    String imagePullSecret,
    boolean networkPolicy,
    boolean watchAllNamespaces,
    String logLevel,
    String clusterDomain,
    List<String> tolerationKeys) {

  /** Flux's default {@code --cluster-domain}. */
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  /** Flux's default {@code --components}. */
  public static final List<String> FLUX_COMPONENTS =
      List.of(
          "source-controller",
          "kustomize-controller",
          "helm-controller",
          "notification-controller");

  /** Flux's {@code --components-extra} choices. */
  public static final List<String> FLUX_EXTRA_COMPONENTS =
      List.of("image-reflector-controller", "image-automation-controller", "source-watcher");

  /** The controllers {@code deploy/} has a Deployment for. */
  public static final List<String> AVAILABLE =
      List.of(
          "source-controller",
          "kustomize-controller",
          "helm-controller",
          "notification-controller",
          "image-reflector-controller",
          "image-automation-controller");

  /** Capstan's default {@code --components}: Flux's, less the ones not implemented yet. */
  public static final List<String> DEFAULT_COMPONENTS =
      FLUX_COMPONENTS.stream().filter(AVAILABLE::contains).toList();

  /** Where the images are pushed by {@code ./mvnw -Pimages} by default. */
  public static final String DEFAULT_REGISTRY = "localhost:5000/capstan";

  private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "error", "trace");

  // RFC 1123 label: what Kubernetes accepts as a namespace or Secret name.
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  // [prefix/]name, as Kubernetes accepts for a taint key
  private static final Pattern TAINT_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  // host[:port][/path...], lower-case path segments as image references require
  private static final Pattern REGISTRY =
      Pattern.compile("[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*");

  /** With the default cluster domain and no tolerations. */
  public InstallOptions(
      String namespace,
      List<String> components,
      String registry,
      String version,
      String imagePullSecret,
      boolean networkPolicy,
      boolean watchAllNamespaces,
      String logLevel) {
    this(
        namespace,
        components,
        registry,
        version,
        imagePullSecret,
        networkPolicy,
        watchAllNamespaces,
        logLevel,
        DEFAULT_CLUSTER_DOMAIN,
        List.of());
  }

  /** Validates every option, naming the bad one and what is accepted. */
  public InstallOptions {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(version, "version");
    imagePullSecret = imagePullSecret == null ? "" : imagePullSecret;
    components = List.copyOf(new LinkedHashSet<>(components));
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "invalid --namespace '" + namespace + "': must be a DNS-1123 label");
    }
    if (components.isEmpty()) {
      throw new IllegalArgumentException("no components to install");
    }
    List<String> unknown = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String c : components) {
      if (!FLUX_COMPONENTS.contains(c) && !FLUX_EXTRA_COMPONENTS.contains(c)) {
        unknown.add(c);
      } else if (!AVAILABLE.contains(c)) {
        missing.add(c);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown component(s) "
              + unknown
              + ": Flux's components are "
              + FLUX_COMPONENTS
              + " and extras "
              + FLUX_EXTRA_COMPONENTS);
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "component(s) "
              + missing
              + " not available in Capstan yet; installable: "
              + String.join(",", AVAILABLE));
    }
    if (!registry.isEmpty() && !REGISTRY.matcher(registry).matches()) {
      throw new IllegalArgumentException("invalid --registry '" + registry + "'");
    }
    if (!imagePullSecret.isEmpty() && !DNS_SUBDOMAIN.matcher(imagePullSecret).matches()) {
      throw new IllegalArgumentException(
          "invalid --image-pull-secret '" + imagePullSecret + "': must be a Secret name");
    }
    clusterDomain = clusterDomain == null ? DEFAULT_CLUSTER_DOMAIN : clusterDomain;
    if (!DNS_SUBDOMAIN.matcher(clusterDomain).matches()) {
      throw new IllegalArgumentException(
          "invalid --cluster-domain '" + clusterDomain + "': must be a DNS domain");
    }
    tolerationKeys = tolerationKeys == null ? List.of() : List.copyOf(tolerationKeys);
    for (String key : tolerationKeys) {
      if (!TAINT_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "invalid --toleration-keys entry '" + key + "': not a taint key");
      }
    }
    if (!LOG_LEVELS.contains(logLevel)) {
      throw new IllegalArgumentException(
          "invalid --log-level '" + logLevel + "': one of debug, info, error, trace");
    }
  }

  /** Flux's defaults (Capstan's registry and version, the available default components). */
  public static InstallOptions defaults(String version) {
    return new InstallOptions(
        "flux-system", DEFAULT_COMPONENTS, DEFAULT_REGISTRY, version, "", true, true, "info");
  }

  /** The value of {@code app.kubernetes.io/version}: {@code capstan-v<version>}. */
  public String versionLabel() {
    return "capstan-v" + version;
  }
}
