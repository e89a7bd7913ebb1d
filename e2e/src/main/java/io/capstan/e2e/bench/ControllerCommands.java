package io.capstan.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the benchmark launches the two controllers, each in its own JVM with {@code KUBECONFIG} set:
 * source-controller from its shaded jar, kustomize-controller through {@link
 * KustomizeControllerProcess} on this JVM's classpath (or {@code capstan.bench.kcCommand}, e.g.
 * {@code -jar kustomize-controller/target/capstan-kustomize-controller.jar}, once it has a Main).
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

  /** The source-controller from its shaded jar (artifact server on a free loopback port). */
  static MonitoredProcess sourceController(
      Path root, Path kubeconfig, Path tmp, Path out, String tag) throws IOException {
    Path jar = root.resolve(SOURCE_JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build source-controller first");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(MonitoredProcess.java());
    cmd.addAll(
        flags(
            "capstan.bench.scJvm",
            "-XX:+UseSerialGC -Xmx96m -Xss256k -XX:TieredStopAtLevel=1"
                + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m"));
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
   * The kustomize-controller with {@code --concurrent=concurrent}, logging its API requests to
   * {@code requestLog}; with {@code capstan.bench.jfr=true} it records a JFR profile to {@code
   * out/kustomize-controller-<tag>.jfr} (written when it stops).
   */
  static MonitoredProcess kustomizeController(
      Path root, Path kubeconfig, int concurrent, Path requestLog, Path out, String tag)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(MonitoredProcess.java());
    cmd.addAll(
        flags(
            "capstan.bench.kcJvm",
            "-XX:+UseSerialGC -Xmx192m -Xss512k -XX:TieredStopAtLevel=1"
                + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m"));
    if (Boolean.getBoolean("capstan.bench.jfr")) {
      cmd.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + out.resolve("kustomize-controller-" + tag + ".jfr"));
    }
    cmd.add("-Dcapstan.bench.requestLog=" + requestLog);
    String tokenRefresh = System.getProperty("capstan.bench.tokenRefresh", "");
    if (!tokenRefresh.isBlank()) {
      cmd.add("-Dcapstan.bench.tokenRefresh=" + tokenRefresh);
    }
    List<String> launcher = flags("capstan.bench.kcCommand", "");
    if (launcher.isEmpty()) {
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              KustomizeControllerProcess.class.getName()));
    } else {
      cmd.addAll(launcher.stream().map(a -> a.replace("${root}", root.toString())).toList());
    }
    cmd.add("--concurrent=" + concurrent);
    return MonitoredProcess.start(
        cmd,
        Map.of("KUBECONFIG", kubeconfig.toString()),
        out.resolve("kustomize-controller-" + tag + ".log"));
  }

  /** Waits until the controller's log says it started (its informers are synced then). */
  static void awaitStarted(MonitoredProcess controller, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && controller.isAlive()) {
      if (Files.readString(controller.log()).contains("kustomize-controller started")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("controller did not start, see " + controller.log());
  }
}
