package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the benchmarks launch the controllers, each in its own JVM with {@code KUBECONFIG} set:
 * source-controller from its shaded jar, kustomize-controller and helm-controller through their
 * request-logging launchers ({@link KustomizeControllerProcess}, {@link HelmControllerProcess}) on
 * this JVM's classpath (or {@code capstan.bench.kcCommand}, e.g. {@code -jar
 * kustomize-controller/target/capstan-kustomize-controller.jar}, for kustomize-controller).
 */
final class ControllerCommands {

  static final String SOURCE_JAR = "source-controller/target/capstan-source-controller.jar";

  private ControllerCommands() {}

  /** Flags from a system property split on blanks; {@code defaults} when it is unset or blank. */
  static List<String> flags(String property, String defaults) {
    String value = System.getProperty(property, "").trim();
    if (value.isEmpty()) {
      value = defaults.trim();
    }
    return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
  }

  /** The bench JVM flags of source-controller when {@code capstan.bench.scJvm} is blank. */
  static final String SOURCE_JVM =
      "-XX:+UseSerialGC -Xmx96m -Xss256k -XX:TieredStopAtLevel=1"
          + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m";

  /**
   * The source-controller from its shaded jar (artifact server on a free loopback port), on this
   * JDK with {@code capstan.bench.scJvm} flags (or {@link #SOURCE_JVM}).
   */
  static MonitoredProcess sourceController(
      Path root, Path kubeconfig, Path tmp, Path out, String tag) throws IOException {
    return sourceController(
        root,
        kubeconfig,
        tmp,
        out,
        tag,
        MonitoredProcess.java(),
        flags("capstan.bench.scJvm", SOURCE_JVM));
  }

  /** The source-controller from its shaded jar with {@code java} and exactly {@code jvm} flags. */
  static MonitoredProcess sourceController(
      Path root, Path kubeconfig, Path tmp, Path out, String tag, String java, List<String> jvm)
      throws IOException {
    Path jar = root.resolve(SOURCE_JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build source-controller first");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvm);
    cmd.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--concurrent=4",
            "--storage-path=" + Files.createDirectories(tmp.resolve("storage")),
            "--storage-addr=127.0.0.1:0",
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=127.0.0.1:0",
            "--log-level=error"));
    return MonitoredProcess.start(
        cmd,
        Map.of("KUBECONFIG", kubeconfig.toString()),
        out.resolve("source-controller-" + tag + ".log"));
  }

  /**
   * The bench JVM flags of a launcher-started controller when {@code capstan.bench.kcJvm} is blank.
   */
  static final String CONTROLLER_JVM =
      "-XX:+UseSerialGC -Xmx192m -Xss512k -XX:TieredStopAtLevel=1"
          + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m";

  /**
   * The kustomize-controller with {@code --concurrent=concurrent}, logging its API requests to
   * {@code requestLog}; with {@code capstan.bench.jfr=true} it records a JFR profile to {@code
   * out/kustomize-controller-<tag>.jfr} (written when it stops). {@code capstan.bench.kcCommand}
   * replaces the launcher (e.g. the shipped jar).
   */
  static MonitoredProcess kustomizeController(
      Path root, Path kubeconfig, int concurrent, Path requestLog, Path out, String tag)
      throws IOException {
    return controller(
        "kustomize-controller",
        KustomizeControllerProcess.class,
        flags("capstan.bench.kcCommand", "").stream()
            .map(a -> a.replace("${root}", root.toString()))
            .toList(),
        kubeconfig,
        concurrent,
        requestLog,
        out,
        tag);
  }

  /**
   * helm-controller through {@link HelmControllerProcess}, as {@link #kustomizeController} (same
   * {@code capstan.bench.kcJvm}, {@code jfr} and {@code tokenRefresh} properties).
   */
  static MonitoredProcess helmController(
      Path kubeconfig, int concurrent, Path requestLog, Path out, String tag) throws IOException {
    return controller(
        "helm-controller",
        HelmControllerProcess.class,
        List.of(),
        kubeconfig,
        concurrent,
        requestLog,
        out,
        tag);
  }

  /**
   * A controller in its own JVM: {@code capstan.bench.kcJvm} flags (or {@link #CONTROLLER_JVM}), an
   * optional JFR recording, the request log, then {@code launcher} on this JVM's classpath or
   * {@code command} when not empty, and {@code --concurrent=N}; its log is {@code
   * out/<name>-<tag>.log}.
   */
  static MonitoredProcess controller(
      String name,
      Class<?> launcher,
      List<String> command,
      Path kubeconfig,
      int concurrent,
      Path requestLog,
      Path out,
      String tag)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(MonitoredProcess.java());
    cmd.addAll(flags("capstan.bench.kcJvm", CONTROLLER_JVM));
    if (Boolean.getBoolean("capstan.bench.jfr")) {
      cmd.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + out.resolve(name + "-" + tag + ".jfr"));
    }
    cmd.add("-Dcapstan.bench.requestLog=" + requestLog);
    String tokenRefresh = System.getProperty("capstan.bench.tokenRefresh", "");
    if (!tokenRefresh.isBlank()) {
      cmd.add("-Dcapstan.bench.tokenRefresh=" + tokenRefresh);
    }
    if (command.isEmpty()) {
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), launcher.getName()));
    } else {
      cmd.addAll(command);
    }
    cmd.add("--concurrent=" + concurrent);
    return MonitoredProcess.start(
        cmd, Map.of("KUBECONFIG", kubeconfig.toString()), out.resolve(name + "-" + tag + ".log"));
  }

  /**
   * Waits until the controller's log says {@code <name> started} (its informers are synced then).
   */
  static void awaitStarted(MonitoredProcess controller, String name, Duration timeout)
      throws IOException, InterruptedException {
    controller.awaitLog(name + " started", timeout);
  }
}
