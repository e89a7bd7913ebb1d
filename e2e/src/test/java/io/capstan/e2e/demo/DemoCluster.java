package io.capstan.e2e.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Kubernetes cluster the GitOps demo runs against: what the scenarios need from it, whatever
 * provides it (toolkit-testing's local control plane with kwok nodes, or k3s in a container). The
 * Flux CRDs are installed before it is handed out.
 */
interface DemoCluster extends AutoCloseable {

  /** A one-line description for logs and reports, e.g. "local control plane, 1 kwok node". */
  String description();

  /** A kubeconfig file with cluster-admin credentials, given to the controller processes. */
  Path kubeconfig();

  /** An admin client for the test itself (not closed by the caller). */
  KubernetesClient client();

  /** How long a Pod may take from creation to Ready on this cluster's nodes. */
  Duration podReadyTimeout();

  /** Throws, naming the failed component, when the cluster itself stopped working. */
  void ensureRunning();

  /** Stops the cluster and deletes its files. */
  @Override
  void close();
}
