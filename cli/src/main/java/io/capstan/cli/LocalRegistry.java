package io.capstan.cli;

import io.capstan.cli.artifact.FluxArtifact;
import io.capstan.local.kube.ManagedProcess;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.OciException;
import io.capstan.oci.OciReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image registry of {@code run --local}: Debian's {@code docker-registry} (the CNCF
 * distribution registry) as a child process on 127.0.0.1 and a free port, plain HTTP, storage in
 * the state directory. Optional: when the binary is not installed the demo runs without image
 * automation and says how to get it.
 */
final class LocalRegistry implements AutoCloseable {

  /** Where Debian's {@code docker-registry} package installs the binary. */
  static final String DEFAULT_BINARY = "/usr/bin/docker-registry";

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final ManagedProcess process;
  private final int port;

  private LocalRegistry(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The binary ({@code $CAPSTAN_DOCKER_REGISTRY} or {@value #DEFAULT_BINARY}), if installed. */
  static Optional<Path> binary() {
    String override = System.getenv("CAPSTAN_DOCKER_REGISTRY");
    Path p = Path.of(override != null && !override.isBlank() ? override : DEFAULT_BINARY);
    return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }

  /** Starts the registry with its config, storage and log in {@code dir}; waits until it serves. */
  static LocalRegistry start(Path binary, Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: 127.0.0.1:%d
        """
            .formatted(dir.resolve("storage"), port),
        StandardCharsets.UTF_8);
    ManagedProcess process =
        ManagedProcess.start(
            "docker-registry",
            List.of(binary.toString(), "serve", config.toString()),
            dir.resolve("registry.log"));
    LocalRegistry registry = new LocalRegistry(process, port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return registry;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    String tail = process.logTail(10);
    process.stop(2);
    throw new IOException("docker-registry did not start on 127.0.0.1:" + port + ":\n" + tail);
  }

  /** {@code 127.0.0.1:PORT}, the registry part of image names. */
  String host() {
    return "127.0.0.1:" + port;
  }

  /**
   * Pushes a one-file Flux artifact as {@code repository:tag} (what {@code capstan push artifact
   * --insecure-registry} does), so that the registry has a tag to scan.
   */
  void push(String repository, String tag, Path content) throws IOException, OciException {
    OciClient client = new OciClient(OciClientOptions.builder().insecure(true).build());
    FluxArtifact.push(
        client,
        OciReference.parse(host() + "/" + repository + ":" + tag),
        FluxArtifact.layer(content, List.of()),
        Map.of(FluxArtifact.CREATED, "1970-01-01T00:00:00Z"));
  }

  @Override
  public void close() {
    process.stop(2);
  }
}
