package io.capstan.local.kube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines of the control-plane executables, all bound to 127.0.0.1. */
final class ControlPlaneFlags {

  /** The Service IP range; its first address is in the serving certificate. */
  static final String SERVICE_CIDR = "10.0.0.0/24";

  private ControlPlaneFlags() {}

  static List<String> etcd(Path binary, Path dataDir, int clientPort, int peerPort) {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    return List.of(
        binary.toString(),
        "--name=capstan",
        "--data-dir=" + dataDir,
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=capstan=" + peer,
        // Test data is thrown away: skipping fsync makes every write much faster.
        "--unsafe-no-fsync=true",
        "--log-level=warn");
  }

  static List<String> apiServer(
      Path binary, ControlPlaneFiles files, String etcdUrl, int port, boolean cluster) {
    List<String> flags = new ArrayList<>();
    flags.add(binary.toString());
    flags.add("--etcd-servers=" + etcdUrl);
    flags.add("--bind-address=127.0.0.1");
    flags.add("--advertise-address=127.0.0.1");
    flags.add("--secure-port=" + port);
    flags.add("--cert-dir=" + files.caFile().getParent().resolve("apiserver-certs"));
    flags.add("--tls-cert-file=" + files.servingCertFile());
    flags.add("--tls-private-key-file=" + files.servingKeyFile());
    flags.add("--client-ca-file=" + files.caFile());
    flags.add("--service-cluster-ip-range=" + SERVICE_CIDR);
    flags.add("--service-account-issuer=https://kubernetes.default.svc.cluster.local");
    flags.add("--service-account-key-file=" + files.serviceAccountPublicKey());
    flags.add("--service-account-signing-key-file=" + files.serviceAccountPrivateKey());
    flags.add("--authorization-mode=RBAC");
    flags.add("--allow-privileged=true");
    // The "kubernetes" Service cannot point at a loopback address; nothing in a test needs it.
    flags.add("--endpoint-reconciler-type=none");
    if (cluster) {
      // Reach a node's "kubelet" (kwok's server, which serves pod logs) at its InternalIP
      // (127.0.0.1) rather than its host name, which does not resolve.
      flags.add("--kubelet-preferred-address-types=InternalIP");
    }
    if (!cluster) {
      // Without a controller-manager nobody creates the "default" ServiceAccount in a namespace,
      // so this admission plugin would reject every Pod.
      flags.add("--disable-admission-plugins=ServiceAccount");
    }
    return flags;
  }

  static List<String> controllerManager(Path binary, ControlPlaneFiles files, int port) {
    Path kubeconfig = files.kubeconfigFile(ControlPlaneFiles.Identity.CONTROLLER_MANAGER);
    return List.of(
        binary.toString(),
        "--kubeconfig=" + kubeconfig,
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + port,
        "--tls-cert-file=" + files.servingCertFile(),
        "--tls-private-key-file=" + files.servingKeyFile(),
        "--leader-elect=false",
        "--service-account-private-key-file=" + files.serviceAccountPrivateKey(),
        "--root-ca-file=" + files.caFile(),
        "--service-cluster-ip-range=" + SERVICE_CIDR,
        "--allocate-node-cidrs=false",
        "--controllers=*");
  }

  static List<String> scheduler(Path binary, ControlPlaneFiles files, int port) {
    Path kubeconfig = files.kubeconfigFile(ControlPlaneFiles.Identity.SCHEDULER);
    return List.of(
        binary.toString(),
        "--kubeconfig=" + kubeconfig,
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=127.0.0.1",
        "--secure-port=" + port,
        "--tls-cert-file=" + files.servingCertFile(),
        "--tls-private-key-file=" + files.servingKeyFile(),
        "--leader-elect=false");
  }

  static List<String> kwok(Path binary, ControlPlaneFiles files, Path stages, int port) {
    return List.of(
        binary.toString(),
        "--kubeconfig=" + files.kubeconfigFile(ControlPlaneFiles.Identity.KWOK),
        "--config=" + stages,
        "--manage-all-nodes=false",
        "--manage-nodes-with-annotation-selector="
            + ClusterComponents.FAKE_NODE_ANNOTATION
            + "=fake",
        "--cidr=10.244.0.1/16",
        "--node-ip=127.0.0.1",
        // the port nodes advertise as their kubelet endpoint: kwok's own server
        "--node-port=" + port,
        "--enable-crds=Logs,ClusterLogs",
        "--server-address=127.0.0.1:" + port);
  }
}
