package io.capstan.local.kube;

import io.capstan.local.tls.CertificateAuthority;
import io.capstan.local.tls.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
  private final IssuedCertificate serving;
  private final java.util.Map<Identity, IssuedCertificate> clients =
      new java.util.EnumMap<>(Identity.class);
  private final HealthProbe probe;

  private ControlPlaneFiles(Path dir, CertificateAuthority authority) {
    this.dir = dir;
    this.caPem = authority.certificatePem();
    this.serving =
        authority.issueServer(
            List.of("127.0.0.1", "10.0.0.1"),
            List.of(
                "localhost",
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local"));
    for (Identity identity : Identity.values()) {
      clients.put(identity, authority.issueClient(identity.user, KubeControlPlane.MASTERS));
    }
    this.probe = new HealthProbe(caPem);
  }

  /** Generates a fresh CA and every certificate, and writes the PEM files into {@code dir}. */
  static ControlPlaneFiles write(Path dir) {
    ControlPlaneFiles files =
        new ControlPlaneFiles(dir, CertificateAuthority.create("capstan-test-ca"));
    write(files.caFile(), files.caPem);
    write(files.servingCertFile(), files.serving.certificatePem());
    // PKCS#8 for the serving key: that is what kube-apiserver reads most reliably.
    write(files.servingKeyFile(), CertificateAuthority.pkcs8PrivateKeyPem(files.serving.keys()));
    KeyPair serviceAccount = CertificateAuthority.newEcKeyPair();
    write(files.serviceAccountPublicKey(), CertificateAuthority.publicKeyPem(serviceAccount));
    write(
        files.serviceAccountPrivateKey(), CertificateAuthority.pkcs8PrivateKeyPem(serviceAccount));
    return files;
  }

  /** Writes {@code text} to {@code file}. */
  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
