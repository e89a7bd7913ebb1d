package io.capstan.image.automation.controller;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * image-automation-controller's validated settings from {@link ImageAutomationControllerFlags} (the
 * shared process flags live in {@link io.capstan.runtime.process.ControllerFlags}).
 *
 * @param concurrent {@code --concurrent}: reconciles at once (Flux default 4)
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}: refuse a {@code sourceRef} in
 *     another namespace
 * @param defaultServiceAccount {@code --default-service-account}: for workload identity when an
 *     object names none (empty: none)
 * @param featureGates {@code --feature-gates}
 * @param sshKexAlgorithms {@code --ssh-kex-algos}: SSH key exchange algorithms, most preferred
 *     first (empty: the Git client's defaults)
 * @param sshHostKeyAlgorithms {@code --ssh-hostkey-algos}: SSH host key algorithms, most preferred
 *     first (empty: the Git client's defaults)
 */
public record ImageAutomationOptions(
    int concurrent,
    Set<String> watchNamespaces,
    boolean noCrossNamespaceRefs,
    String defaultServiceAccount,
    ImageAutomationFeatureGates featureGates,
    List<String> sshKexAlgorithms,
    List<String> sshHostKeyAlgorithms) {

  /** Validates the values a flag parser cannot. */
  public ImageAutomationOptions {
    if (concurrent < 1) {
      throw new IllegalArgumentException("--concurrent must be at least 1");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
    defaultServiceAccount = Objects.requireNonNullElse(defaultServiceAccount, "");
    Objects.requireNonNull(featureGates, "featureGates");
    sshKexAlgorithms = List.copyOf(sshKexAlgorithms);
    sshHostKeyAlgorithms = List.copyOf(sshHostKeyAlgorithms);
  }

  /** A controller configured by these options (not started; the client is still to be set). */
  ImageAutomationController.Builder toBuilder() {
    return ImageAutomationController.builder()
        .concurrency(concurrent)
        .watchNamespaces(watchNamespaces)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .defaultServiceAccount(defaultServiceAccount)
        .featureGates(featureGates)
        .sshKexAlgorithms(sshKexAlgorithms)
        .sshHostKeyAlgorithms(sshHostKeyAlgorithms);
  }
}
