package io.capstan.local.kube;

import io.capstan.local.tls.IssuedCertificate;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Credentials of one identity on the test API server, as a kubeconfig file (for {@code kubectl} and
 * the Go components) and as a fabric8 {@link Config}.
 *
 * @param server the API server URL
 * @param caPem the CA that signed the serving certificate
 * @param user the identity's client certificate and key
 */
record Kubeconfig(URI server, String caPem, IssuedCertificate user) {

  /** Kubeconfig YAML with all data embedded, context {@code capstan}. */
  String yaml() {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: capstan",
        "  cluster:",
        "    server: " + server,
        "    certificate-authority-data: " + base64(caPem),
        "users:",
        "- name: capstan",
        "  user:",
        "    client-certificate-data: " + base64(user.certificatePem()),
        "    client-key-data: " + base64(user.privateKeyPem()),
        "contexts:",
        "- name: capstan",
        "  context:",
        "    cluster: capstan",
        "    user: capstan",
        "current-context: capstan",
        "");
  }

  /** Writes {@link #yaml()} to {@code file}. */
  Path write(Path file) {
    return ControlPlaneFiles.write(file, yaml());
  }

  /** A fabric8 client configuration for this identity, independent of {@code ~/.kube/config}. */
  Config clientConfig(String namespace) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(server.toString())
        .withCaCertData(base64(caPem))
        .withClientCertData(base64(user.certificatePem()))
        .withClientKeyData(base64(user.privateKeyPem()))
        .withClientKeyAlgo("EC")
        .withNamespace(namespace)
        .withRequestTimeout(30_000)
        .withConnectionTimeout(5_000)
        // A loopback API server that refuses connections has crashed; retrying for long
        // (fabric8's default is 10 doubling retries) only delays the report of why.
        .withRequestRetryBackoffLimit(3)
        .withRequestRetryBackoffInterval(100)
        .build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
