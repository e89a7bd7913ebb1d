package io.capstan.source;

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
 * The source-controller process: Flux's flags (the shared ones from {@link ControllerFlags} plus
 * storage, retention and {@code --requeue-dependency}), then {@link ControllerMain} runs a {@link
 * SourceController} with probes, metrics, optional leader election on the Lease {@code
 * source-controller-leader-election} and a graceful SIGTERM shutdown. As in Flux, the artifact
 * server runs only on the elected leader (it starts with the controller).
 */
@Command(
    name = SourceController.NAME,
    mixinStandardHelpOptions = true,
    description = "Capstan source-controller: GitRepository artifacts for the GitOps Toolkit.")
public final class Main implements Callable<Integer> {

  /** Flux's source-controller default for {@code --concurrent}. */
  static final int DEFAULT_CONCURRENT = 2;

  @Mixin ControllerFlags flags;

  @Option(names = "--storage-path", defaultValue = "/data", description = "Artifact storage.")
  Path storagePath;

  @Option(names = "--storage-addr", defaultValue = ":9090", description = "Artifact server bind.")
  String storageAddress;

  @Option(
      names = "--storage-adv-addr",
      description = "Advertised artifact host (default: the bound address).")
  String storageAdvertisedAddress;

  @Option(
      names = "--artifact-retention-ttl",
      defaultValue = "60s",
      converter = GoDurationConverter.class,
      description = "How long superseded artifacts are kept.")
  Duration retentionTtl;

  @Option(
      names = "--artifact-retention-records",
      defaultValue = "2",
      description = "How many artifacts are kept per object.")
  int retentionRecords;

  @Option(
      names = "--requeue-dependency",
      defaultValue = "30s",
      converter = GoDurationConverter.class,
      description = "Retry interval for unavailable includes.")
  Duration requeueDependency;

  /** The options these flags describe; {@code runtimeNamespace} is {@code $RUNTIME_NAMESPACE}. */
  SourceControllerOptions options(String runtimeNamespace) {
    return new SourceControllerOptions(
        flags.concurrent(DEFAULT_CONCURRENT),
        storagePath,
        storageAddress,
        storageAdvertisedAddress,
        retentionTtl,
        retentionRecords,
        requeueDependency,
        flags.watchNamespaces(runtimeNamespace));
  }

  /** Parses {@code args} into options (for tests and embedders); throws on bad flags. */
  public static SourceControllerOptions parse(String[] args, String runtimeNamespace) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.options(runtimeNamespace);
  }

  @Override
  public Integer call() throws Exception {
    SourceControllerOptions options = options(RuntimeNamespace.current());
    return ControllerMain.run(
        SourceController.NAME,
        flags,
        setup -> {
          SourceController controller =
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
