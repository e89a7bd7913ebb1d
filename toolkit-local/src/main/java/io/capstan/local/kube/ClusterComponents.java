package io.capstan.local.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster-mode half of a control plane: kube-controller-manager, kube-scheduler and kwok, plus
 * the fake nodes kwok keeps Ready, so Deployments get ReplicaSets and Ready Pods and the garbage
 * collector runs.
 */
final class ClusterComponents {

  /** Annotation that tells our kwok which nodes to simulate. */
  static final String FAKE_NODE_ANNOTATION = "kwok.x-k8s.io/node";

  /** Name prefix of the fake nodes: {@code capstan-node-0}, {@code capstan-node-1}... */
  static final String NODE_PREFIX = "capstan-node-";

  private final KubeControlPlane plane;
  private final KubeBinaries binaries;

  ClusterComponents(KubeControlPlane plane, KubeBinaries binaries) {
    this.plane = plane;
    this.binaries = binaries;
  }

  /** Starts the three components, registers the fake nodes and waits until they are Ready. */
  void start() {
    ControlPlaneFiles files = plane.files();
    int[] kcmPort = new int[1];
    ManagedProcess controllerManager =
        plane.startOnFreePort(
            "kube-controller-manager",
            attempt -> {
              kcmPort[0] = plane.options().ports().next();
              return ManagedProcess.start(
                  "kube-controller-manager",
                  ControlPlaneFlags.controllerManager(
                      binaries.path(KubeBinary.KUBE_CONTROLLER_MANAGER), files, kcmPort[0]),
                  log("kube-controller-manager"));
            },
            process -> files.probe().ok(healthz(kcmPort[0])));
    plane.track(controllerManager, binaries.path(KubeBinary.KUBE_CONTROLLER_MANAGER));

    int[] schedulerPort = new int[1];
    ManagedProcess scheduler =
        plane.startOnFreePort(
            "kube-scheduler",
            attempt -> {
              schedulerPort[0] = plane.options().ports().next();
              return ManagedProcess.start(
                  "kube-scheduler",
                  ControlPlaneFlags.scheduler(
                      binaries.path(KubeBinary.KUBE_SCHEDULER), files, schedulerPort[0]),
                  log("kube-scheduler"));
            },
            process -> files.probe().ok(healthz(schedulerPort[0])));
    plane.track(scheduler, binaries.path(KubeBinary.KUBE_SCHEDULER));

    Path stages = writeStages();
    installKwokLogCrds();
    int[] kwokPort = new int[1];
    ManagedProcess kwok =
        plane.startOnFreePort(
            "kwok",
            attempt -> {
              kwokPort[0] = plane.options().ports().next();
              return ManagedProcess.start(
                  "kwok",
                  ControlPlaneFlags.kwok(
                      binaries.path(KubeBinary.KWOK), files, stages, kwokPort[0]),
                  log("kwok"));
            },
            process -> plainHttpOk(kwokPort[0]));
    plane.track(kwok, binaries.path(KubeBinary.KWOK));

    registerNodes();
  }

  private void registerNodes() {
    KubernetesClient client = plane.client();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < plane.options().nodes(); i++) {
      String name = NODE_PREFIX + i;
      names.add(name);
      Node node =
          new NodeBuilder()
              .withNewMetadata()
              .withName(name)
              .addToAnnotations(FAKE_NODE_ANNOTATION, "fake")
              .addToLabels("kubernetes.io/hostname", name)
              .addToLabels("kubernetes.io/os", "linux")
              .addToLabels("type", "kwok")
              .endMetadata()
              .build();
      client.nodes().resource(node).serverSideApply();
    }
    HealthProbe.await(
        plane.options().nodes() + " fake node(s) to become Ready",
        plane.options().startupTimeout(),
        plane.processes(),
        () -> names.stream().allMatch(name -> isReady(client.nodes().withName(name).get())));
    HealthProbe.await(
        "the controller-manager to create the default ServiceAccount",
        plane.options().startupTimeout(),
        plane.processes(),
        () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
  }

  static boolean isReady(Node node) {
    return node != null
        && node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private boolean plainHttpOk(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static URI healthz(int port) {
    return URI.create("https://127.0.0.1:" + port + "/healthz");
  }

  private Path log(String name) {
    return plane.runDirectory().resolve(name + ".log");
  }

  /**
   * kwok's {@code Logs} and {@code ClusterLogs} CRDs (kwok watches them, it does not install them):
   * a {@code Logs} object named after a Pod maps its containers to log files that kube-apiserver
   * serves through kwok, as a kubelet would ({@code kubectl logs}). The files must be in the CRI
   * log format ({@code <RFC 3339 time> stdout F <line>}).
   */
  private void installKwokLogCrds() {
    try (InputStream in =
        ClusterComponents.class.getResourceAsStream("/io/capstan/local/kube/kwok-logs-crds.yaml")) {
      if (in == null) {
        throw new IllegalStateException("kwok-logs-crds.yaml missing from the classpath");
      }
      List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition> crds =
          new ArrayList<>();
      for (Object o : plane.client().load(in).items()) {
        crds.add((io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition) o);
      }
      CustomResourceDefinitions.install(plane.client(), crds, plane.options().startupTimeout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeStages() {
    Path target = plane.runDirectory().resolve("kwok-stages.yaml");
    try (InputStream in =
        ClusterComponents.class.getResourceAsStream("/io/capstan/local/kube/kwok-stages.yaml")) {
      if (in == null) {
        throw new IllegalStateException("kwok-stages.yaml missing from the classpath");
      }
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
