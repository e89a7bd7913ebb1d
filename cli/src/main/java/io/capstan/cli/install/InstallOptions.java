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
    return builder(version).build();
  }

  /**
   * Options for the images tagged {@code version}, every other option at {@code flux install}'s
   * default, to change with the builder's setters.
   */
  public static Builder builder(String version) {
    return new Builder(version);
  }

  /** A builder holding these options, to derive options that differ in a few. */
  public Builder toBuilder() {
    return new Builder(version)
        .namespace(namespace)
        .components(components)
        .registry(registry)
        .imagePullSecret(imagePullSecret)
        .networkPolicy(networkPolicy)
        .watchAllNamespaces(watchAllNamespaces)
        .logLevel(logLevel)
        .clusterDomain(clusterDomain)
        .tolerationKeys(tolerationKeys);
  }

  /** The value of {@code app.kubernetes.io/version}: {@code capstan-v<version>}. */
  public String versionLabel() {
    return "capstan-v" + version;
  }

  /**
   * Builds {@link InstallOptions}; every setter starts at {@code flux install}'s default (Capstan's
   * registry and available components), and {@link #build()} validates every option.
   */
  public static final class Builder {
    private final String version;
    private String namespace = "flux-system";
    private List<String> components = DEFAULT_COMPONENTS;
    private String registry = DEFAULT_REGISTRY;
    private String imagePullSecret = "";
    private boolean networkPolicy = true;
    private boolean watchAllNamespaces = true;
    private String logLevel = "info";
    private String clusterDomain = DEFAULT_CLUSTER_DOMAIN;
    private List<String> tolerationKeys = List.of();

    private Builder(String version) {
      this.version = version;
    }

    /** {@code --namespace} (default {@code flux-system}). */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** {@code --components} + {@code --components-extra} (default {@link #DEFAULT_COMPONENTS}). */
    public Builder components(List<String> components) {
      this.components = components;
      return this;
    }

    /** {@code --registry} (default {@link #DEFAULT_REGISTRY}). */
    public Builder registry(String registry) {
      this.registry = registry;
      return this;
    }

    /** {@code --image-pull-secret} (default empty: none). */
    public Builder imagePullSecret(String imagePullSecret) {
      this.imagePullSecret = imagePullSecret;
      return this;
    }

    /** {@code --network-policy} (default true). */
    public Builder networkPolicy(boolean networkPolicy) {
      this.networkPolicy = networkPolicy;
      return this;
    }

    /** {@code --watch-all-namespaces} (default true). */
    public Builder watchAllNamespaces(boolean watchAllNamespaces) {
      this.watchAllNamespaces = watchAllNamespaces;
      return this;
    }

    /** {@code --log-level} (default {@code info}). */
    public Builder logLevel(String logLevel) {
      this.logLevel = logLevel;
      return this;
    }

    /** {@code --cluster-domain} (default {@link #DEFAULT_CLUSTER_DOMAIN}). */
    public Builder clusterDomain(String clusterDomain) {
      this.clusterDomain = clusterDomain;
      return this;
    }

    /** {@code --toleration-keys} (default none). */
    public Builder tolerationKeys(List<String> tolerationKeys) {
      this.tolerationKeys = tolerationKeys;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException naming the bad option and what is accepted
     */
    public InstallOptions build() {
      return new InstallOptions(
          namespace,
          components,
          registry,
          version,
          imagePullSecret,
          networkPolicy,
          watchAllNamespaces,
          logLevel,
          clusterDomain,
          tolerationKeys);
    }
  }
}
