package io.capstan.kustomize.controller;

import io.capstan.runtime.process.ControllerFlags;
import io.capstan.runtime.process.ControllerMain;
import io.capstan.runtime.process.GoDurationConverter;
import io.capstan.runtime.process.RuntimeNamespace;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The kustomize-controller process: Flux's flags (the shared ones from {@link ControllerFlags} plus
 * {@code --requeue-dependency}, {@code --no-cross-namespace-refs}, {@code
 * --default-service-account}), then {@link ControllerMain} runs a {@link KustomizeController} with
 * probes, metrics, optional leader election on the Lease {@code
 * kustomize-controller-leader-election} and a graceful SIGTERM shutdown.
 */
@Command(
    name = KustomizationReconciler.CONTROLLER_NAME,
    mixinStandardHelpOptions = true,
    description = "Capstan kustomize-controller: applies Kustomizations from source artifacts.")
public final class Main implements Callable<Integer> {

  /** Flux's kustomize-controller default for {@code --concurrent}. */
  static final int DEFAULT_CONCURRENT = 4;

  @Mixin ControllerFlags flags;

  @Option(
      names = "--requeue-dependency",
      defaultValue = "30s",
      converter = GoDurationConverter.class,
      description = "The interval at which failing dependencies are reevaluated.")
  Duration requeueDependency;

  @Option(
      names = "--no-cross-namespace-refs",
      defaultValue = "false",
      arity = "0..1",
      fallbackValue = "true",
      description = "Refuse sourceRef and dependsOn references to other namespaces.")
  boolean noCrossNamespaceRefs;

  @Option(
      names = "--feature-gates",
      defaultValue = "",
      description =
          "Comma-separated Name=true|false: StrictPostBuildSubstitutions,"
              + " AdditiveCELDependencyCheck.")
  String featureGates;

  @Option(
      names = "--default-service-account",
      defaultValue = "",
      description = "Service account impersonated when a Kustomization names none.")
  String defaultServiceAccount;

  @Option(
      names = "--sops-age-secret",
      defaultValue = "",
      description =
          "The name of a Secret in the controller's namespace (RUNTIME_NAMESPACE) holding SOPS age"
              + " keys (*.agekey) for Kustomizations whose decryption has no secretRef.")
  String sopsAgeSecret;

  /** The options these flags describe; {@code runtimeNamespace} is {@code $RUNTIME_NAMESPACE}. */
  KustomizeControllerOptions options(String runtimeNamespace) {
    return new KustomizeControllerOptions(
        flags.concurrent(DEFAULT_CONCURRENT),
        requeueDependency,
        flags.watchNamespaces(runtimeNamespace),
        noCrossNamespaceRefs,
        defaultServiceAccount,
        FeatureGates.parse(featureGates),
        // As Flux: only honoured when the controller knows its namespace.
        sopsAgeSecret.isEmpty() || runtimeNamespace == null || runtimeNamespace.isEmpty()
            ? ""
            : runtimeNamespace + "/" + sopsAgeSecret);
  }

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static KustomizeControllerOptions parse(String[] args, String runtimeNamespace) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.options(runtimeNamespace);
  }

  @Override
  public Integer call() throws Exception {
    KustomizeControllerOptions options = options(RuntimeNamespace.current());
    return ControllerMain.run(
        KustomizationReconciler.CONTROLLER_NAME,
        flags,
        setup -> {
          KustomizeController controller =
              options.toBuilder().client(setup.client()).meterRegistry(setup.registry()).build();
          return () -> {
            controller.start();
            return controller;
          };
        });
  }

  /** Runs the controller; exits with 2 on bad flags, 1 on a lost Lease, 0 after SIGTERM. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
