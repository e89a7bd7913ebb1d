package io.capstan.kustomize.controller;

import io.capstan.runtime.process.Controller;
import io.capstan.runtime.process.ControllerContext;
import io.capstan.runtime.process.ControllerModule;
import io.capstan.runtime.process.DependencyFlags;
import io.capstan.runtime.process.FeatureGateFlags;
import io.capstan.runtime.process.MultiTenancyFlags;
import io.capstan.runtime.process.ParsedFlags;
import java.util.List;
import java.util.Set;

/**
 * kustomize-controller's flags and how they become {@link KustomizeControllerOptions} and a {@link
 * KustomizeController}: the one options class shared by {@link Main} and {@code capstan run}. All
 * of its flags are shared with other Flux controllers, so they live in toolkit-runtime's flag
 * groups: {@link DependencyFlags} ({@code --requeue-dependency}), {@link MultiTenancyFlags} ({@code
 * --no-cross-namespace-refs}, {@code --default-service-account}) and {@link FeatureGateFlags}
 * ({@code --feature-gates}).
 */
public final class KustomizeControllerFlags
    implements ControllerModule<KustomizeControllerOptions> {

  /** Flux's kustomize-controller default for {@code --concurrent}. */
  public static final int DEFAULT_CONCURRENT = 4;

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
    return List.of(DependencyFlags.class, MultiTenancyFlags.class, FeatureGateFlags.class);
  }

  @Override
  public Set<String> featureGates() {
    return FeatureGates.NAMES;
  }

  @Override
  public KustomizeControllerOptions options(ParsedFlags flags) {
    MultiTenancyFlags tenancy = flags.group(MultiTenancyFlags.class);
    return new KustomizeControllerOptions(
        flags.concurrent(DEFAULT_CONCURRENT),
        flags.group(DependencyFlags.class).requeueDependency(),
        flags.watchNamespaces(),
        tenancy.noCrossNamespaceRefs(),
        tenancy.defaultServiceAccount(),
        FeatureGates.of(flags.group(FeatureGateFlags.class).gates()));
  }

  @Override
  public Controller create(KustomizeControllerOptions options, ControllerContext context) {
    return options.toBuilder().client(context.client()).meterRegistry(context.registry()).build();
  }
}
