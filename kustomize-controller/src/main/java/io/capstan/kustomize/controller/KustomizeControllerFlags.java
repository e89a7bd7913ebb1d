package io.capstan.kustomize.controller;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerContext;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.DependencyFlags;
import io.capstan.runtime.process.FeatureGateFlags;
import io.capstan.runtime.process.IntervalJitterFlags;
import io.capstan.runtime.process.MultiTenancyFlags;
import io.capstan.runtime.process.ParsedFlags;
import io.capstan.runtime.process.WatchLabelFlags;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * kustomize-controller's flags and how they become {@link KustomizeControllerOptions} and a {@link
 * KustomizeController}: the one options class shared by {@link Main} and {@code capstan run}. All
 * of its flags are shared with other Flux controllers, so they live in toolkit-runtime's flag
 * groups: {@link DependencyFlags} ({@code --requeue-dependency}), {@link MultiTenancyFlags} ({@code
 * --no-cross-namespace-refs}, {@code --default-service-account}) and {@link FeatureGateFlags}
 * ({@code --feature-gates}). Its own flags are {@code --sops-age-secret}, {@code
 * --no-remote-bases}, {@code --insecure-kubeconfig-exec} and {@code --insecure-kubeconfig-tls}.
 */
public final class KustomizeControllerFlags
    implements ControllerModule<KustomizeControllerOptions> {

  @Option(
      names = "--sops-age-secret",
      defaultValue = "",
      description =
          "The name of a Secret in the controller's namespace (RUNTIME_NAMESPACE) holding SOPS age"
              + " keys (*.agekey) for Kustomizations whose decryption has no secretRef.")
  String sopsAgeSecret;

  @Option(
      names = "--no-remote-bases",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description =
          "Disallow remote bases usage in Kustomize overlays. When this flag is enabled, all"
              + " resources must refer to local files included in the source artifact.")
  boolean noRemoteBases;

  @Option(
      names = "--insecure-kubeconfig-exec",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description = "Allow use of the user.exec section in kubeconfigs provided for remote apply.")
  boolean insecureKubeConfigExec;

  @Option(
      names = "--insecure-kubeconfig-tls",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description =
          "Allow that kubeconfigs provided for remote apply can disable TLS verification.")
  boolean insecureKubeConfigTls;

  @Override
  public String name() {
    return KustomizeController.NAME;
  }

  @Override
  public String description() {
    return "Capstan kustomize-controller: applies Kustomizations from source artifacts.";
  }

  @Override
  public List<Class<?>> sharedFlags() {
    return List.of(
        DependencyFlags.class,
        MultiTenancyFlags.class,
        FeatureGateFlags.class,
        WatchLabelFlags.class,
        IntervalJitterFlags.class);
  }

  @Override
  public Set<String> featureGates() {
    return FeatureGates.NAMES;
  }

  @Override
  public KustomizeControllerOptions options(ParsedFlags flags) {
    MultiTenancyFlags tenancy = flags.group(MultiTenancyFlags.class);
    return KustomizeControllerOptions.builder()
        .concurrent(flags.concurrent(KustomizeControllerOptions.DEFAULT_CONCURRENT))
        .requeueDependency(flags.group(DependencyFlags.class).requeueDependency())
        .watchNamespaces(flags.watchNamespaces())
        .noCrossNamespaceRefs(tenancy.noCrossNamespaceRefs())
        .defaultServiceAccount(tenancy.defaultServiceAccount())
        .featureGates(FeatureGates.of(flags.group(FeatureGateFlags.class).gates()))
        .sopsAgeSecret(sopsAgeSecret(flags.runtimeNamespace()))
        .noRemoteBases(noRemoteBases)
        .watchLabelSelector(flags.group(WatchLabelFlags.class).watchLabelSelector())
        .intervalJitterPercentage(flags.group(IntervalJitterFlags.class).percentage())
        .insecureKubeConfigExec(insecureKubeConfigExec)
        .insecureKubeConfigTls(insecureKubeConfigTls)
        .build();
  }

  /** {@code namespace/name}; as Flux, only honoured when the controller knows its namespace. */
  private String sopsAgeSecret(String runtimeNamespace) {
    return sopsAgeSecret == null
            || sopsAgeSecret.isEmpty()
            || runtimeNamespace == null
            || runtimeNamespace.isEmpty()
        ? ""
        : runtimeNamespace + "/" + sopsAgeSecret;
  }

  @Override
  public Controller create(KustomizeControllerOptions options, ControllerContext context) {
    return KustomizeController.builder()
        .options(options)
        .client(context.client())
        .meterRegistry(context.registry())
        .build();
  }
}
