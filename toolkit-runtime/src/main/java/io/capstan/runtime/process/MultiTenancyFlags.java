package io.capstan.runtime.process;

import picocli.CommandLine.Option;

/**
 * Flux's multi-tenancy lockdown flags, shared by the controllers that act on behalf of a tenant
 * (kustomize-controller, and helm-controller next): {@code --no-cross-namespace-refs} and {@code
 * --default-service-account}.
 */
public final class MultiTenancyFlags {

  @Option(
      names = "--no-cross-namespace-refs",
      defaultValue = "false",
      arity = "0..1",
      fallbackValue = "true",
      description = "Refuse references to objects in other namespaces (sourceRef, dependsOn).")
  boolean noCrossNamespaceRefs;

  @Option(
      names = "--default-service-account",
      defaultValue = "",
      description = "Service account impersonated when an object names none.")
  String defaultServiceAccount;

  /** {@code --no-cross-namespace-refs}. */
  public boolean noCrossNamespaceRefs() {
    return noCrossNamespaceRefs;
  }

  /** {@code --default-service-account}; empty for none. */
  public String defaultServiceAccount() {
    return defaultServiceAccount == null ? "" : defaultServiceAccount;
  }
}
