package io.capstan.testing.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An executable jar (a controller's shaded jar) running in its own JVM against a kubeconfig, its
 * stdout and stderr in one log file. {@link #close()} sends SIGTERM and, after 20 s, kills it.
 *
 * <pre>{@code
 * try (JarProcess controller = JarProcess.start(jar, plane.kubeconfig(), tmp.resolve("c.log"),
 *     Map.of("RUNTIME_NAMESPACE", ns), List.of("--health-addr=127.0.0.1:" + port))) {
 *   ...
 * }
 * }</pre>
 */
public final class JarProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private JarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java -jar jar args...} with {@code KUBECONFIG=kubeconfig} and {@code env}, with
   * small-heap JVM flags suited to tests.
   *
   * @throws IllegalStateException when the jar is not built
   */
  public static JarProcess start(
      Path jar, Path kubeconfig, Path log, Map<String, String> env, List<String> args)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the jar is not built: " + jar + " (run mvn package)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m", "-jar", jar.toString()));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().putAll(env);
    return new JarProcess(pb.start(), log);
  }

  /** A loopback port that was free a moment ago (for {@code --health-addr=127.0.0.1:PORT}). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The running process. */
  public Process process() {
    return process;
  }

  /** What the process wrote so far. */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /**
   * Sends SIGTERM and waits up to {@code seconds} for the exit code.
   *
   * @throws IllegalStateException when it did not exit in time
   */
  public int terminate(long seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no exit within " + seconds + " s after SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
