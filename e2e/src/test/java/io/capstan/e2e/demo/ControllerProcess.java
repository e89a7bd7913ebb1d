package io.capstan.e2e.demo;

import io.capstan.testing.kube.LoopbackPorts;
import io.capstan.testing.kube.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One controller running as its own JVM process from its deployable jar, against a cluster given by
 * a kubeconfig file ({@code KUBECONFIG}). Its output goes to a log file; it listens on loopback
 * ports chosen free at start ({@code --health-addr}, {@code --metrics-addr} and any the caller asks
 * for).
 *
 * <p>The JVM runs under toolkit-testing's {@link ManagedProcess} watchdog, so it never outlives the
 * test JVM, even when that is killed. {@link #close()} always stops it.
 */
final class ControllerProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** JVM options that keep a controller small on a shared machine. */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xss512k");

  private final String name;
  private final ManagedProcess process;
  private final int healthPort;
  private final int metricsPort;

  private ControllerProcess(String name, ManagedProcess process, int healthPort, int metricsPort) {
    this.name = name;
    this.process = process;
    this.healthPort = healthPort;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts {@code java -jar jar flags...} with {@code KUBECONFIG=kubeconfig} and {@code
   * RUNTIME_NAMESPACE=runtimeNamespace} (what a Flux Deployment sets from the downward API) and
   * waits until its {@code /readyz} answers 200.
   *
   * @param name label for messages and the log file name ({@code logDirectory/name.log}, replaced
   *     when a process of that name ran before, e.g. in an earlier build)
   * @throws IllegalStateException with the log tail if it exits or is not ready within {@code
   *     readyTimeout}
   */
  static ControllerProcess start(
      String name,
      Path jar,
      Path kubeconfig,
      String runtimeNamespace,
      List<String> flags,
      Path logDirectory,
      Duration readyTimeout) {
    int healthPort = LoopbackPorts.ephemeral().next();
    int metricsPort = LoopbackPorts.ephemeral().next();
    List<String> command = new ArrayList<>();
    command.add("env");
    command.add("KUBECONFIG=" + kubeconfig);
    command.add("RUNTIME_NAMESPACE=" + runtimeNamespace);
    command.add(javaExecutable().toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--health-addr=127.0.0.1:" + healthPort);
    command.add("--metrics-addr=127.0.0.1:" + metricsPort);
    command.addAll(flags);
    try {
      Files.createDirectories(logDirectory);
      Path log = logDirectory.resolve(name + ".log");
      Files.writeString(
          log,
          "=== " + String.join(" ", command) + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
          java.nio.file.StandardOpenOption.WRITE);
      ControllerProcess started =
          new ControllerProcess(
              name, ManagedProcess.start(name, command, log), healthPort, metricsPort);
      try {
        started.awaitReady(readyTimeout);
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name, e);
    }
  }

  private static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI readyz = URI.create("http://127.0.0.1:" + healthPort + "/readyz");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited before it was ready: " + process.describeDeath(40));
      }
      if (status(readyz) == 200) {
        return;
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        name + " was not ready within " + timeout + "; last log lines:\n" + process.logTail(40));
  }

  private static int status(URI uri) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The label given at start. */
  String name() {
    return name;
  }

  /** True while the controller JVM runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** HTTP status of {@code /readyz} now, or -1 when nothing answers. */
  int readyz() {
    return status(URI.create("http://127.0.0.1:" + healthPort + "/readyz"));
  }

  /**
   * The value of an unlabelled Prometheus sample {@code name} on this process's {@code /metrics},
   * or empty when the metric is absent or nothing answers.
   */
  java.util.OptionalDouble metric(String name) {
    URI uri = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    try {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return sample(body, name);
    } catch (IOException e) {
      return java.util.OptionalDouble.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.OptionalDouble.empty();
    }
  }

  /**
   * The value of the first sample of metric {@code name} in a Prometheus text exposition, or empty
   * (comment lines and other metrics, including ones whose name merely starts with {@code name},
   * are ignored).
   */
  static java.util.OptionalDouble sample(String exposition, String name) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  /** The whole log of this process so far. */
  String log() {
    try {
      return Files.readString(process.logFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the log, for failure messages. */
  String logTail(int lines) {
    return process.logTail(lines);
  }

  /** Kills the JVM with SIGKILL, as a crash or an OOM kill would, and waits until it is gone. */
  void killHard() {
    process.kill();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(50));
    }
    if (process.isAlive()) {
      throw new IllegalStateException(name + " survived SIGKILL");
    }
  }

  /**
   * Asks the JVM to stop (SIGTERM), waits up to {@code grace}, then kills it.
   *
   * @return the exit status (143 = ended by SIGTERM without handling, 0 = graceful shutdown)
   */
  int terminate(Duration grace) {
    process.stop(Math.max(1, grace.toSeconds()));
    return process.exitStatus().orElse(-1);
  }

  /** Stops the process if it still runs (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.stop(10);
    }
  }
}
