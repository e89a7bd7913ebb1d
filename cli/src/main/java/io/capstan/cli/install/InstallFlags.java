package io.capstan.cli.install;

import io.capstan.cli.CapstanVersion;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The install flags {@code flux install} and {@code flux bootstrap} share, as a picocli mixin:
 * {@code capstan install} and {@code capstan bootstrap git} both use it, so both accept the same
 * flags with the same defaults and validation ({@link #options()}).
 */
public final class InstallFlags {

  @Option(
      names = "--components",
      split = ",",
      description = "Controllers to install (default: ${DEFAULT-VALUE}).")
  List<String> components = new ArrayList<>(InstallOptions.DEFAULT_COMPONENTS);

  @Option(
      names = "--components-extra",
      split = ",",
      description = "Controllers in addition to --components (Flux's extras).")
  List<String> componentsExtra = new ArrayList<>();

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "flux-system",
      description = "Namespace of the controllers (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--registry",
      defaultValue = InstallOptions.DEFAULT_REGISTRY,
      description =
          "Registry of the images <registry>/<controller>:<version> (default: ${DEFAULT-VALUE}).")
  String registry;

  @Option(
      names = "--image-pull-secret",
      defaultValue = "",
      description = "Secret in the namespace the Pods pull their images with.")
  String imagePullSecret;

  @Option(
      names = "--network-policy",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description = "Install Flux's NetworkPolicies (default: ${DEFAULT-VALUE}).")
  boolean networkPolicy;

  @Option(
      names = "--watch-all-namespaces",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description = "Controllers watch every namespace (default: ${DEFAULT-VALUE}).")
  boolean watchAllNamespaces;

  @Option(
      names = "--log-level",
      defaultValue = "info",
      description =
          "Controllers' log level: debug, info, error, trace (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = "--cluster-domain",
      defaultValue = InstallOptions.DEFAULT_CLUSTER_DOMAIN,
      description = "Internal cluster domain (default: ${DEFAULT-VALUE}).")
  String clusterDomain;

  @Option(
      names = "--toleration-keys",
      split = ",",
      description = "Taint keys the controllers' Pods tolerate (operator Exists).")
  List<String> tolerationKeys = new ArrayList<>();

  /** The options the flags describe (validated). */
  public InstallOptions options() {
    List<String> all = new ArrayList<>(components);
    all.addAll(componentsExtra);
    return InstallOptions.builder(CapstanVersion.capstan())
        .namespace(namespace)
        .components(all)
        .registry(registry)
        .imagePullSecret(imagePullSecret)
        .networkPolicy(networkPolicy)
        .watchAllNamespaces(watchAllNamespaces)
        .logLevel(logLevel)
        .clusterDomain(clusterDomain)
        .tolerationKeys(tolerationKeys)
        .build();
  }
}
