package io.capstan.image.controller;

import io.capstan.runtime.process.ControllerFlags;
import io.capstan.runtime.process.ControllerMain;
import io.capstan.runtime.process.GoDurationConverter;
import io.capstan.runtime.process.RuntimeNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The image-reflector-controller process: Flux's flags (the shared ones from {@link
 * ControllerFlags} plus {@code --storage-path} and {@code --requeue-dependency}), then {@link
 * ControllerMain} runs an {@link ImageReflectorController} with probes, metrics, optional leader
 * election and a graceful SIGTERM shutdown.
 */
@Command(
    name = ImageRepositoryReconciler.CONTROLLER_NAME,
    mixinStandardHelpOptions = true,
    description = "Capstan image-reflector-controller: scans image tags and selects by policy.")
public final class Main implements Callable<Integer> {

  /** Flux's default for {@code --concurrent}. */
  static final int DEFAULT_CONCURRENT = 4;

  @Mixin ControllerFlags flags;

  @Option(
      names = "--storage-path",
      defaultValue = "/data",
      description = "Where to store the scanned tags (one JSON file per ImageRepository).")
  Path storagePath;

  @Option(
      names = "--requeue-dependency",
      defaultValue = "30s",
      converter = GoDurationConverter.class,
      description = "The interval at which an ImagePolicy waiting for its repository retries.")
  Duration requeueDependency;

  /** The options these flags describe; {@code runtimeNamespace} is {@code $RUNTIME_NAMESPACE}. */
  ImageReflectorControllerOptions options(String runtimeNamespace) {
    return new ImageReflectorControllerOptions(
        flags.concurrent(DEFAULT_CONCURRENT),
        storagePath,
        requeueDependency,
        flags.watchNamespaces(runtimeNamespace));
  }

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static ImageReflectorControllerOptions parse(String[] args, String runtimeNamespace) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.options(runtimeNamespace);
  }

  @Override
  public Integer call() throws Exception {
    ImageReflectorControllerOptions options = options(RuntimeNamespace.current());
    return ControllerMain.run(
        ImageRepositoryReconciler.CONTROLLER_NAME,
        flags,
        setup -> {
          ImageReflectorController controller =
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
