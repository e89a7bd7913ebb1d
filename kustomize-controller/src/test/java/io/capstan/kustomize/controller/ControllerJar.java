package io.capstan.kustomize.controller;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded kustomize-controller jar ({@code -Dcapstan.controller.jar}, set by failsafe) running
 * as its own JVM against a kubeconfig, with its output in a log file and free loopback ports for
 * its probes.
 */
final class ControllerJar implements AutoCloseable {

  final Process process;
  final Path log;
  final int healthPort;
  final int metricsPort;

  ControllerJar(Path kubeconfig, Path log, Map<String, String> env, String... flags)
      throws IOException {
    String jar =
        System.getProperty("capstan.controller.jar", "target/capstan-kustomize-controller.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("the shaded jar is not built: " + jar);
    }
    this.log = log;
    this.healthPort = freePort();
    this.metricsPort = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m", "-jar", jar));
    cmd.add("--health-addr=127.0.0.1:" + healthPort);
    cmd.add("--metrics-addr=127.0.0.1:" + metricsPort);
    cmd.addAll(List.of(flags));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().putAll(env);
    process = pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** What the process wrote so far. */
  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
