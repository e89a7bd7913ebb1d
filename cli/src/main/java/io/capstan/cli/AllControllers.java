package io.capstan.cli;

import io.capstan.kustomize.controller.KustomizeController;
import io.capstan.source.SourceController;
import io.capstan.source.SourceControllerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;

/**
 * Every implemented controller in one JVM: source-controller (with its artifact server) and
 * kustomize-controller, registered with ONE Java Operator SDK {@link Operator} on ONE {@link
 * KubernetesClient}, so they share the client, its HTTP connections and the reconcile thread pool.
 *
 * <p>The controllers still talk to each other only through Kubernetes status: kustomize-controller
 * downloads source-controller's artifacts over HTTP from {@code status.artifact.url}.
 */
public final class AllControllers implements AutoCloseable {

  private final SourceController source;
  private final Operator operator;
  private volatile boolean started;

  private AllControllers(SourceController source, Operator operator) {
    this.source = source;
    this.operator = operator;
  }

  /**
   * Starts the artifact server, registers both controllers with one operator and starts it; returns
   * once the operator's informers are synced. The client is not closed by {@link #close()}.
   *
   * @param options source-controller's options; {@code concurrent} reconciles per controller (the
   *     shared pool has twice as many threads)
   * @param registry where both controllers record their {@code gotk_*} metrics
   */
  public static AllControllers start(
      KubernetesClient client, SourceControllerOptions options, MeterRegistry registry)
      throws IOException {
    Files.createDirectories(options.storagePath());
    SourceController source =
        SourceController.builder()
            .client(client)
            .storagePath(options.storagePath())
            .storageAddress(options.storageAddress())
            .storageAdvertisedAddress(options.storageAdvertisedAddress())
            .concurrency(options.concurrent())
            .retentionTtl(options.retentionTtl())
            .retentionRecords(options.retentionRecords())
            .requeueDependency(options.requeueDependency())
            .watchNamespaces(options.watchNamespaces())
            .meterRegistry(registry)
            .build();
    KustomizeController kustomize =
        KustomizeController.builder()
            .client(client)
            .concurrency(options.concurrent())
            .namespaces(options.watchNamespaces())
            .meterRegistry(registry)
            .build();
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withConcurrentReconciliationThreads(2 * options.concurrent())
                    .withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true));
    AllControllers all = new AllControllers(source, operator);
    try {
      source.startArtifactServer();
      source.register(operator);
      kustomize.register(operator);
      operator.start();
      all.started = true;
      return all;
    } catch (RuntimeException | IOException e) {
      all.close();
      throw e;
    }
  }

  /** Where the artifact server listens. */
  public InetSocketAddress artifactServerAddress() {
    return source.artifactServerAddress();
  }

  /** True once the operator runs and the artifact server is up (the {@code /readyz} answer). */
  public boolean ready() {
    return started && source.artifactServerAddress() != null;
  }

  /** Stops the operator (in-flight reconciles end), then the artifact server. Idempotent. */
  @Override
  public synchronized void close() {
    started = false;
    try {
      operator.stop();
    } catch (RuntimeException e) {
      // an operator that failed to start may refuse to stop; the artifact server must still go
    }
    source.close();
  }
}
