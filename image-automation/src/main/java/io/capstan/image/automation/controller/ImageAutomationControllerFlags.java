package io.capstan.image.automation.controller;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerContext;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.FeatureGateFlags;
import io.capstan.runtime.process.MultiTenancyFlags;
import io.capstan.runtime.process.ParsedFlags;
import io.capstan.runtime.process.SshAlgorithmFlags;
import java.util.List;
import java.util.Set;

/**
 * image-automation-controller's flags and how they become {@link ImageAutomationOptions} and an
 * {@link ImageAutomationController}: the one options class shared by {@link Main} and {@code
 * capstan run}. Shared with other controllers (toolkit-runtime flag groups): {@link
 * MultiTenancyFlags} ({@code --no-cross-namespace-refs}, {@code --default-service-account}) and
 * {@link FeatureGateFlags} ({@code --feature-gates}) and {@link SshAlgorithmFlags} ({@code
 * --ssh-kex-algos}, {@code --ssh-hostkey-algos}, which Flux's source-controller has too). It has no
 * flag of its own.
 */
public final class ImageAutomationControllerFlags
    implements ControllerModule<ImageAutomationOptions> {

  @Override
  public String name() {
    return ImageAutomationController.NAME;
  }

  @Override
  public String description() {
    return "Capstan image-automation-controller: commits the latest images of ImagePolicies to"
        + " Git.";
  }

  @Override
  public List<Class<?>> sharedFlags() {
    return List.of(MultiTenancyFlags.class, FeatureGateFlags.class, SshAlgorithmFlags.class);
  }

  @Override
  public Set<String> featureGates() {
    return ImageAutomationFeatureGates.NAMES;
  }

  @Override
  public ImageAutomationOptions options(ParsedFlags flags) {
    MultiTenancyFlags tenancy = flags.group(MultiTenancyFlags.class);
    SshAlgorithmFlags ssh = flags.group(SshAlgorithmFlags.class);
    return ImageAutomationOptions.builder()
        .concurrent(flags.concurrent(ImageAutomationOptions.DEFAULT_CONCURRENT))
        .watchNamespaces(flags.watchNamespaces())
        .noCrossNamespaceRefs(tenancy.noCrossNamespaceRefs())
        .defaultServiceAccount(tenancy.defaultServiceAccount())
        .featureGates(ImageAutomationFeatureGates.of(flags.group(FeatureGateFlags.class).gates()))
        .sshKexAlgorithms(ssh.kexAlgorithms())
        .sshHostKeyAlgorithms(ssh.hostKeyAlgorithms())
        .build();
  }

  @Override
  public Controller create(ImageAutomationOptions options, ControllerContext context) {
    return ImageAutomationController.builder()
        .options(options)
        .client(context.client())
        .meterRegistry(context.registry())
        .build();
  }
}
