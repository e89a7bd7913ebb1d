package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.image.controller.ImageReflectorOptions;
import io.capstan.kustomize.controller.FeatureGates;
import io.capstan.kustomize.controller.KustomizeControllerOptions;
import io.capstan.notification.NotificationControllerOptions;
import io.capstan.runtime.process.LogEncoding;
import io.capstan.source.SourceControllerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Parsing of the {@code capstan} command line; nothing here starts a controller. */
class CommandLineTest {

  private static final LogEncoding CONSOLE = LogEncoding.CONSOLE;

  private static final Path DEFAULT_STORAGE = Path.of("/default-storage");

  static Stream<Arguments> runFlags() {
    return Stream.of(
        Arguments.of(
            "run: Flux's defaults",
            new String[] {"run"},
            new Expected(2, DEFAULT_STORAGE, ":9090", ":8080", ":9440", Set.of(), "info", CONSOLE)),
        Arguments.of(
            "run --local: loopback artifact server, no metrics or health endpoints",
            new String[] {"run", "--local"},
            new Expected(2, DEFAULT_STORAGE, "127.0.0.1:0", null, null, Set.of(), "info", CONSOLE)),
        Arguments.of(
            "run with every flag",
            new String[] {
              "run",
              "--concurrent=8",
              "--storage-path=/data",
              "--storage-addr=0.0.0.0:9091",
              "--metrics-addr=:18080",
              "--health-addr",
              ":19440",
              "--log-level=DEBUG",
              "--log-encoding=JSON"
            },
            new Expected(
                8,
                Path.of("/data"),
                "0.0.0.0:9091",
                ":18080",
                ":19440",
                Set.of(),
                "debug",
                LogEncoding.JSON)),
        Arguments.of(
            "--log-level=trace is the runtime's most verbose level",
            new String[] {"run", "--log-level=trace"},
            new Expected(
                2, DEFAULT_STORAGE, ":9090", ":8080", ":9440", Set.of(), "trace", CONSOLE)),
        Arguments.of(
            "--watch-all-namespaces=false watches $RUNTIME_NAMESPACE",
            new String[] {"run", "--watch-all-namespaces=false"},
            new Expected(
                2,
                DEFAULT_STORAGE,
                ":9090",
                ":8080",
                ":9440",
                Set.of("flux-system"),
                "info",
                CONSOLE)),
        Arguments.of(
            "run --local with explicit endpoints keeps them",
            new String[] {"run", "--local", "--metrics-addr=127.0.0.1:0", "--storage-path=/s"},
            new Expected(
                2, Path.of("/s"), "127.0.0.1:0", "127.0.0.1:0", null, Set.of(), "info", CONSOLE)),
        Arguments.of(
            "--metrics-addr=0 turns /metrics off, as Flux",
            new String[] {"run", "--metrics-addr=0"},
            new Expected(2, DEFAULT_STORAGE, ":9090", null, ":9440", Set.of(), "info", CONSOLE)));
  }

  record Expected(
      int concurrent,
      Path storage,
      String storageAddress,
      String metrics,
      String health,
      Set<String> namespaces,
      String logLevel,
      LogEncoding logEncoding) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("runFlags")
  @DisplayName("run flags map onto source-controller's options and the process settings")
  void runFlagsMapOntoOptions(String name, String[] args, Expected expected) {
    RunCommand run = parseRun(args);
    RunSettings settings = run.settings(DEFAULT_STORAGE, "flux-system");
    SourceControllerOptions options = settings.options(SourceControllerOptions.class);

    assertThat(options.concurrent()).isEqualTo(expected.concurrent());
    assertThat(options.storagePath()).isEqualTo(expected.storage());
    assertThat(options.storageAddress()).isEqualTo(expected.storageAddress());
    assertThat(settings.process().metricsAddress()).isEqualTo(expected.metrics());
    assertThat(settings.process().healthAddress()).isEqualTo(expected.health());
    assertThat(options.watchNamespaces()).isEqualTo(expected.namespaces());
    assertThat(settings.process().logLevel()).isEqualTo(expected.logLevel());
    assertThat(settings.process().logEncoding()).isEqualTo(expected.logEncoding());
    assertThat(settings.process().election().enabled()).isFalse();
    ImageReflectorOptions image = settings.options(ImageReflectorOptions.class);
    assertThat(image.storagePath())
        .isEqualTo(
            expected
                .storage()
                .resolveSibling(expected.storage().getFileName() + "-image-reflector"));
    assertThat(image.watchNamespaces()).isEqualTo(expected.namespaces());
  }

  @Test
  @DisplayName("run accepts every controller's flags; shared ones are defined once for all")
  void acceptsEveryControllersFlags() {
    RunCommand run =
        parseRun(
            "run",
            "--concurrent=3",
            "--requeue-dependency=10s",
            "--artifact-retention-records=5",
            "--no-cross-namespace-refs",
            "--default-service-account=deployer",
            "--feature-gates=StrictPostBuildSubstitutions=true",
            "--watch-all-namespaces=false",
            "--receiverAddr=127.0.0.1:9393",
            "--rate-limit-interval=2m",
            "--enable-leader-election");
    RunSettings settings = run.settings(DEFAULT_STORAGE, "flux-system");

    SourceControllerOptions source = settings.options(SourceControllerOptions.class);
    assertThat(source.concurrent()).isEqualTo(3);
    assertThat(source.requeueDependency()).isEqualTo(Duration.ofSeconds(10));
    assertThat(source.retentionRecords()).isEqualTo(5);
    assertThat(source.watchNamespaces()).containsExactly("flux-system");
    KustomizeControllerOptions kustomize = settings.options(KustomizeControllerOptions.class);
    assertThat(kustomize)
        .isEqualTo(
            KustomizeControllerOptions.builder()
                .concurrent(3)
                .requeueDependency(Duration.ofSeconds(10))
                .watchNamespaces(Set.of("flux-system"))
                .noCrossNamespaceRefs(true)
                .defaultServiceAccount("deployer")
                .featureGates(new FeatureGates(true, false, false, false))
                .build());
    NotificationControllerOptions notification =
        settings.options(NotificationControllerOptions.class);
    assertThat(notification)
        .isEqualTo(
            NotificationControllerOptions.builder()
                .concurrent(3)
                .watchNamespaces(Set.of("flux-system"))
                .eventsAddress("127.0.0.1:0")
                .receiverAddress("127.0.0.1:9393")
                .noCrossNamespaceRefs(true)
                .rateLimitInterval(Duration.ofMinutes(2))
                .receiveProcessEvents(true)
                .build());
    ImageReflectorOptions image = settings.options(ImageReflectorOptions.class);
    assertThat(image.concurrent()).isEqualTo(3);
    assertThat(image.requeueDependency()).isEqualTo(Duration.ofSeconds(10));
    assertThat(image.watchNamespaces()).containsExactly("flux-system");
    assertThat(settings.names())
        .isEqualTo(
            "notification-controller, source-controller, kustomize-controller, helm-controller,"
                + " image-reflector-controller and image-automation-controller");
    assertThat(settings.process().election().leaseName()).isEqualTo("capstan-leader-election");
    assertThat(settings.process().election().namespace()).isEqualTo("flux-system");
  }

  @Test
  @DisplayName("without --concurrent each controller gets its Flux default")
  void concurrencyDefaults() {
    RunSettings settings = parseRun("run").settings(DEFAULT_STORAGE, "flux-system");
    assertThat(settings.options(SourceControllerOptions.class).concurrent()).isEqualTo(2);
    assertThat(settings.options(KustomizeControllerOptions.class).concurrent()).isEqualTo(4);
    assertThat(settings.options(ImageReflectorOptions.class).concurrent()).isEqualTo(4);
  }

  @Test
  @DisplayName("run: the intake on a loopback port, the receiver on :9292 (--local: loopback)")
  void notificationAddresses() {
    NotificationControllerOptions run =
        parseRun("run")
            .settings(DEFAULT_STORAGE, "flux-system")
            .options(NotificationControllerOptions.class);
    assertThat(run.eventsAddress()).isEqualTo("127.0.0.1:0");
    assertThat(run.receiverAddress()).isEqualTo(":9292");
    NotificationControllerOptions local =
        parseRun("run", "--local")
            .settings(DEFAULT_STORAGE, "flux-system")
            .options(NotificationControllerOptions.class);
    assertThat(local.eventsAddress()).isEqualTo("127.0.0.1:0");
    assertThat(local.receiverAddress()).isEqualTo("127.0.0.1:0");
    NotificationControllerOptions given =
        parseRun("run", "--local", "--events-addr=127.0.0.1:9999", "--receiverAddr=:9292")
            .settings(DEFAULT_STORAGE, "flux-system")
            .options(NotificationControllerOptions.class);
    assertThat(given.eventsAddress()).isEqualTo("127.0.0.1:9999");
    assertThat(given.receiverAddress()).isEqualTo(":9292");
  }

  @Test
  @DisplayName("run --local takes a state directory and a Go-duration refresh period")
  void localFlags() {
    RunCommand run = parseRun("run", "--local", "--state-dir", "/tmp/x", "--refresh=500ms");

    assertThat(run.local).isTrue();
    assertThat(run.stateDir).isEqualTo(Path.of("/tmp/x"));
    assertThat(run.refresh).isEqualTo(Duration.ofMillis(500));
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of(new String[] {}, 2, "Missing a command"),
        Arguments.of(new String[] {"deploy"}, 2, "Unmatched argument"),
        Arguments.of(new String[] {"run", "--bogus"}, 2, "Unknown option: '--bogus'"),
        Arguments.of(new String[] {"run", "--concurrent=many"}, 2, "Invalid value"),
        Arguments.of(new String[] {"run", "--refresh=soon"}, 2, "Invalid value"),
        Arguments.of(new String[] {"run", "--state-dir=/tmp/x"}, 2, "--state-dir needs --local"),
        Arguments.of(
            new String[] {"run", "--local", "--kubeconfig=/k"}, 2, "--kubeconfig cannot be used"),
        Arguments.of(new String[] {"build"}, 2, "Missing what to build"),
        Arguments.of(
            new String[] {"build", "kustomization", "--load-restrictor=Sometimes"},
            2,
            "Invalid value"),
        Arguments.of(
            new String[] {"run", "--concurrent=0"}, 1, "Error: --concurrent must be at least 1"),
        Arguments.of(
            new String[] {"run", "--local", "--log-level=verbose"},
            1,
            "Error: --log-level must be trace, debug, info or error"),
        Arguments.of(
            new String[] {"run", "--log-encoding=xml"},
            1,
            "Error: --log-encoding must be json or console"),
        Arguments.of(
            new String[] {"run", "--feature-gates=NoSuchGate=true"},
            1,
            "Error: unknown feature gate 'NoSuchGate'"),
        Arguments.of(
            new String[] {"run", "--requeue-dependency=0s"},
            1,
            "Error: --requeue-dependency must be positive"),
        Arguments.of(
            new String[] {"run", "--events-addr=http://127.0.0.1:9090/"},
            1,
            "Error: --events-addr is the address notification-controller's event intake listens"),
        Arguments.of(
            new String[] {"run", "--rate-limit-interval=0s"},
            1,
            "Error: --rate-limit-interval must be positive"));
  }

  @Test
  @DisplayName("run --help lists notification-controller's flags")
  void runHelpListsNotificationFlags() {
    StringWriter out = new StringWriter();
    CommandLine capstan = Main.commandLine();
    capstan.setOut(new PrintWriter(out, true));
    assertThat(capstan.execute("run", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "notification-controller",
            "--receiverAddr",
            "--rate-limit-interval",
            "--no-cross-namespace-refs",
            "--events-addr");
  }

  @ParameterizedTest(name = "{0} -> exit {1}")
  @MethodSource("rejected")
  @DisplayName("bad command lines fail before anything starts, with a usage error or a message")
  void rejectsBadCommandLines(String[] args, int exit, String message) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    commandLine.setOut(new PrintWriter(new StringWriter()));

    assertThat(commandLine.execute(args)).isEqualTo(exit);
    assertThat(err.toString()).contains(message);
  }

  @Test
  @DisplayName("version prints Capstan's build version and the pinned control plane versions")
  void version() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));

    assertThat(commandLine.execute("version")).isZero();
    assertThat(out.toString().lines())
        .first()
        .asString()
        .matches("capstan \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(out.toString()).contains("kubernetes 1.", "etcd 3.", "java ");
  }

  private static RunCommand parseRun(String... args) {
    CommandLine.ParseResult result = Main.commandLine().parseArgs(args);
    return (RunCommand) result.subcommand().commandSpec().userObject();
  }
}
