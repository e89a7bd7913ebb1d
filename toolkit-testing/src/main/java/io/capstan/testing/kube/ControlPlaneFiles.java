package io.capstan.testing.kube;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The certificates, keys and kubeconfig files of one control plane, written into its run directory.
 * Every component authenticates with its own client certificate; all are in {@code system:masters},
 * which is fine for a throw-away loopback cluster.
 */
final class ControlPlaneFiles {

  /** Identities of the components that talk to the API server. */
  enum Identity {
    ADMIN("capstan-admin"),
    CONTROLLER_MANAGER("system:kube-controller-manager"),
    SCHEDULER("system:kube-scheduler"),
    KWOK("system:kwok-controller");

    final String user;

    Identity(String user) {
      this.user = user;
    }

    String fileName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Path dir;
  private final String caPem;
  private final ClusterCertificates.Pem serving;
  private final java.util.Map<Identity, ClusterCertificates.Pem> clients =
      new java.util.EnumMap<>(Identity.class);
  private final HealthProbe probe;

  private ControlPlaneFiles(Path dir, ClusterCertificates authority) {
    this.dir = dir;
    this.caPem = authority.caPem();
    this.serving =
        authority.servingCertificate(
            List.of("127.0.0.1", "10.0.0.1"),
            List.of(
                "localhost",
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local"));
    for (Identity identity : Identity.values()) {
      clients.put(identity, authority.clientCertificate(identity.user, KubeControlPlane.MASTERS));
    }
    this.probe = new HealthProbe(caPem);
  }

  /** Generates a fresh CA and every certificate, and writes the PEM files into {@code dir}. */
  static ControlPlaneFiles write(Path dir) {
    ControlPlaneFiles files = new ControlPlaneFiles(dir, ClusterCertificates.newAuthority());
    ClusterCertificates.write(files.caFile(), files.caPem);
    ClusterCertificates.write(files.servingCertFile(), files.serving.certificate());
    ClusterCertificates.write(files.servingKeyFile(), files.serving.privateKey());
    ClusterCertificates.Pem serviceAccount = ClusterCertificates.serviceAccountKey();
    ClusterCertificates.write(files.serviceAccountPublicKey(), serviceAccount.certificate());
    ClusterCertificates.write(files.serviceAccountPrivateKey(), serviceAccount.privateKey());
    return files;
  }

  /** Writes one kubeconfig per identity, all pointing at {@code server}. */
  void writeKubeconfigs(URI server) {
    for (Identity identity : Identity.values()) {
      kubeconfig(identity, server).write(kubeconfigFile(identity));
    }
  }

  Kubeconfig adminKubeconfig(URI server) {
    return kubeconfig(Identity.ADMIN, server);
  }

  private Kubeconfig kubeconfig(Identity identity, URI server) {
    return new Kubeconfig(server, caPem, clients.get(identity));
  }

  Path adminKubeconfig() {
    return kubeconfigFile(Identity.ADMIN);
  }

  Path kubeconfigFile(Identity identity) {
    return dir.resolve(identity.fileName() + ".kubeconfig");
  }

  HealthProbe probe() {
    return probe;
  }

  Path caFile() {
    return dir.resolve("ca.crt");
  }

  Path servingCertFile() {
    return dir.resolve("serving.crt");
  }

  Path servingKeyFile() {
    return dir.resolve("serving.key");
  }

  Path serviceAccountPublicKey() {
    return dir.resolve("sa.pub");
  }

  Path serviceAccountPrivateKey() {
    return dir.resolve("sa.key");
  }
}
