package io.capstan.testing.process;

import io.capstan.local.kube.LoopbackPorts;
import io.capstan.local.kube.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One controller (or any executable jar) in its own JVM, against a cluster given by a kubeconfig
 * file ({@code KUBECONFIG}), its stdout and stderr in one log file. The JVM runs under {@link
 * ManagedProcess}'s watchdog, so it never outlives the test JVM, even when that is killed; {@link
 * #close()} always stops it. The one jar-process fixture of the project: the controllers' jar
 * tests, the e2e demo and the benchmarks use it.
 *
 * <pre>{@code
 * try (JarProcess controller = JarProcess.start(jar, plane.kubeconfig(), tmp.resolve("c.log"),
 *     Map.of("RUNTIME_NAMESPACE", ns), List.of("--health-addr=127.0.0.1:" + port))) {
 *   ...
 * }
 * // or: probes on free loopback ports, started once /readyz answers 200
 * JarProcess sc = JarProcess.startReady("source-controller", jar, kubeconfig, "flux-system",
 *     List.of("--storage-path=" + dir), logs, Duration.ofSeconds(60));
 * }</pre>
 */
public final class JarProcess implements AutoCloseable {

  /** JVM options that keep a controller small on a shared machine. */
  public static final List<String> SMALL_JVM =
      List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xss512k");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final ManagedProcess process;
  private final int healthPort;
  private final int metricsPort;

  private JarProcess(String name, ManagedProcess process, int healthPort, int metricsPort) {
    this.name = name;
    this.process = process;
    this.healthPort = healthPort;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts {@code java -jar jar args...} with {@code KUBECONFIG=kubeconfig} and {@code env}, with
   * {@link #SMALL_JVM} options; returns at once.
   *
   * @throws IllegalStateException when the jar is not built
   */
  public static JarProcess start(
      Path jar, Path kubeconfig, Path log, Map<String, String> env, List<String> args)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the jar is not built: " + jar + " (run mvn package)");
    }
    return launch(
        jar.getFileName().toString(),
        List.of("-jar", jar.toString()),
        kubeconfig,
        env,
        SMALL_JVM,
        args,
        log,
        -1,
        -1);
  }

  /**
   * Starts {@code java -jar jar flags...} with {@code KUBECONFIG=kubeconfig} and {@code
   * RUNTIME_NAMESPACE=runtimeNamespace} (what a Flux Deployment sets from the downward API), with
   * {@code --health-addr} and {@code --metrics-addr} on free loopback ports, and waits until its
   * {@code /readyz} answers 200.
   *
   * @param name label for messages and the log file name ({@code logDirectory/name.log}, replaced
   *     when a process of that name ran before)
   * @throws IllegalStateException with the log tail if it exits or is not ready within {@code
   *     readyTimeout}
   */
  public static JarProcess startReady(
      String name,
      Path jar,
      Path kubeconfig,
      String runtimeNamespace,
      List<String> flags,
      Path logDirectory,
      Duration readyTimeout) {
    int healthPort = LoopbackPorts.ephemeral().next();
    int metricsPort = LoopbackPorts.ephemeral().next();
    List<String> args = new ArrayList<>();
    args.add("--health-addr=127.0.0.1:" + healthPort);
    args.add("--metrics-addr=127.0.0.1:" + metricsPort);
    args.addAll(flags);
    try {
      Files.createDirectories(logDirectory);
      JarProcess started =
          launch(
              name,
              List.of("-jar", jar.toString()),
              kubeconfig,
              Map.of("RUNTIME_NAMESPACE", runtimeNamespace),
              SMALL_JVM,
              args,
              logDirectory.resolve(name + ".log"),
              healthPort,
              metricsPort);
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

  /**
   * Starts {@code java jvmOptions launch args...}: the general form behind the other starters, for
   * callers that choose the JVM options or launch from a class path ({@code -cp CP MainClass})
   * instead of a jar. The log file is replaced.
   *
   * @param launch {@code -jar JAR} or {@code -cp CLASSPATH MAIN}
   * @param healthPort the port of {@code --health-addr} the caller passed in {@code args}, or -1
   * @param metricsPort the port of {@code --metrics-addr}, or -1
   */
  public static JarProcess launch(
      String name,
      List<String> launch,
      Path kubeconfig,
      Map<String, String> env,
      List<String> jvmOptions,
      List<String> args,
      Path log,
      int healthPort,
      int metricsPort)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add("env");
    command.add("KUBECONFIG=" + kubeconfig);
    new TreeMap<>(env).forEach((key, value) -> command.add(key + "=" + value));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(launch);
    command.addAll(args);
    // replaced, not appended to: the log holds exactly what this process wrote
    Files.write(
        log,
        new byte[0],
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    return new JarProcess(name, ManagedProcess.start(name, command, log), healthPort, metricsPort);
  }

  /** A loopback port that was free a moment ago (for {@code --health-addr=127.0.0.1:PORT}). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited before it was ready: " + process.describeDeath(40));
      }
      if (readyz() == 200) {
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
  public String name() {
    return name;
  }

  /** True while the JVM runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Process ids of the JVM (not the watchdog), e.g. to sample its memory. */
  public List<Long> pids() {
    return process.executablePids();
  }

  /** HTTP status of {@code /readyz} now, or -1 when nothing answers (or no health port known). */
  public int readyz() {
    return healthPort < 0 ? -1 : status(URI.create("http://127.0.0.1:" + healthPort + "/readyz"));
  }

  /**
   * The value of an unlabelled Prometheus sample {@code name} on this process's {@code /metrics},
   * or empty when the metric is absent or nothing answers.
   */
  public OptionalDouble metric(String name) {
    if (metricsPort < 0) {
      return OptionalDouble.empty();
    }
    URI uri = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    try {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return sample(body, name);
    } catch (IOException e) {
      return OptionalDouble.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalDouble.empty();
    }
  }

  /**
   * The value of the first sample of metric {@code name} in a Prometheus text exposition, or empty
   * (comment lines and other metrics, including ones whose name merely starts with {@code name},
   * are ignored).
   */
  public static OptionalDouble sample(String exposition, String name) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  /** The whole log of this process so far. */
  public String output() {
    try {
      return Files.readString(process.logFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Same as {@link #output()}. */
  public String log() {
    return output();
  }

  /** The last lines of the log, for failure messages. */
  public String logTail(int lines) {
    return process.logTail(lines);
  }

  /** Kills the JVM with SIGKILL, as a crash or an OOM kill would, and waits until it is gone. */
  public void killHard() {
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
  public int terminate(Duration grace) {
    process.stop(Math.max(1, grace.toSeconds()));
    return process.exitStatus().orElse(-1);
  }

  /** {@link #terminate(Duration)} with a grace of {@code seconds}. */
  public int terminate(long seconds) {
    return terminate(Duration.ofSeconds(seconds));
  }

  /** Stops the process if it still runs (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.stop(10);
    }
  }
}
