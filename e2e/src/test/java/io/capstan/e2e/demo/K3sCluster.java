package io.capstan.e2e.demo;

import io.capstan.local.kube.CustomResourceDefinitions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * k3s in a container (Testcontainers): a real single-node Kubernetes with a container runtime, so
 * the webapp's images are pulled and its containers really run. Needs a Docker engine.
 */
final class K3sCluster implements DemoCluster {

  /** The k3s image; {@code -Dcapstan.e2e.k3sImage=} overrides it. */
  static final String DEFAULT_IMAGE = "rancher/k3s:v1.33.5-k3s1";

  private final K3sContainer container;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private K3sCluster(K3sContainer container, KubernetesClient client, Path kubeconfig) {
    this.container = container;
    this.client = client;
    this.kubeconfig = kubeconfig;
  }

  /** True when Testcontainers finds a usable Docker engine on this machine. */
  static boolean dockerAvailable() {
    boolean available;
    try {
      available = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      available = false;
    }
    if (!available) {
      System.err.println(
          "[capstan-e2e] k3s scenarios skipped: no Docker engine found by Testcontainers");
    }
    return available;
  }

  /** Starts k3s, writes its kubeconfig to a file and installs the Flux CRDs. */
  static K3sCluster start() {
    K3sContainer container =
        new K3sContainer(
            DockerImageName.parse(System.getProperty("capstan.e2e.k3sImage", DEFAULT_IMAGE)));
    container.start();
    try {
      String yaml = container.getKubeConfigYaml();
      Path file = Files.createTempFile("capstan-e2e-k3s", ".kubeconfig");
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      KubernetesClient client =
          new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
      CustomResourceDefinitions.install(
          client,
          CustomResourceDefinitions.onClasspath(CustomResourceDefinitions.TOOLKIT_GROUP_SUFFIX),
          Duration.ofSeconds(60));
      System.err.printf(
          "[capstan-e2e] k3s (%s) ready; kubeconfig: %s%n", container.getDockerImageName(), file);
      return new K3sCluster(container, client, file);
    } catch (IOException e) {
      container.stop();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }

  @Override
  public String description() {
    return "k3s " + container.getDockerImageName() + " in Docker";
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public Duration podReadyTimeout() {
    // Real images are pulled (python, nginx) and the app installs Flask at start.
    return Duration.ofMinutes(5);
  }

  @Override
  public void ensureRunning() {
    if (!container.isRunning()) {
      throw new IllegalStateException(
          "the k3s container stopped; its log:\n" + container.getLogs());
    }
  }

  @Override
  public void close() {
    client.close();
    container.stop();
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException e) {
      // a leftover temp file is harmless
    }
  }
}
