package io.capstan.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a kubeconfig from a Secret becomes a client configuration (Flux's sanitizing rules). */
class RemoteKubeConfigTest {

  private static final String TWO_CONTEXTS =
      """
      apiVersion: v1
      kind: Config
      current-context: second
      clusters:
      - name: one
        cluster:
          server: https://one.example:6443
          certificate-authority-data: Q0EtT05F
      - name: two
        cluster:
          server: https://two.example:6443
          certificate-authority-data: Q0EtVFdP
          certificate-authority: /etc/passwd
          insecure-skip-tls-verify: true
      users:
      - name: token-user
        user:
          token: s3cr3t
      - name: cert-user
        user:
          client-certificate-data: Q0VSVA==
          client-key-data: S0VZ
          client-certificate: /etc/shadow
      contexts:
      - name: first
        context: {cluster: one, user: token-user}
      - name: second
        context: {cluster: two, user: cert-user, namespace: apps}
      """;

  @Test
  @DisplayName("uses the current context's server, CA data and client certificate data only")
  void currentContext() {
    Config config = RemoteKubeConfig.parse(TWO_CONTEXTS);
    assertThat(config.getMasterUrl()).startsWith("https://two.example:6443");
    assertThat(config.getCaCertData()).isEqualTo("Q0EtVFdP");
    assertThat(config.getCaCertFile()).isNull();
    assertThat(config.isTrustCerts()).as("insecure-skip-tls-verify ignored by default").isFalse();
    assertThat(config.getClientCertData()).isEqualTo("Q0VSVA==");
    assertThat(config.getClientKeyData()).isEqualTo("S0VZ");
    assertThat(config.getClientCertFile()).isNull();
    assertThat(config.getOauthToken()).isNull();
    assertThat(config.getNamespace()).isEqualTo("apps");
  }

  @Test
  @DisplayName("--insecure-kubeconfig-tls honours insecure-skip-tls-verify")
  void insecureTlsFlag() {
    Config config = RemoteKubeConfig.parse(TWO_CONTEXTS, new KubeConfigOptions(false, true));
    assertThat(config.isTrustCerts()).isTrue();
    assertThat(config.isDisableHostnameVerification()).isTrue();
  }

  @Test
  @DisplayName("a single context without current-context is used; its bearer token is kept")
  void singleContextToken() {
    Config config =
        RemoteKubeConfig.parse(
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443"}
            users:
            - name: u
              user: {token: abc}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            """);
    assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
    assertThat(config.getOauthToken()).isEqualTo("abc");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          exec plugin      | users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh}}}] | uses an exec plugin, which is not allowed (the controller's --insecure-kubeconfig-exec flag allows it)
          auth provider    | users: [{name: u, user: {auth-provider: {name: gcp}}}]                                            | uses an auth-provider plugin, which is not allowed
          unknown user     | users: []                                                                                         | kubeconfig has no user 'u'
          """)
  @DisplayName("refuses users it must not or cannot use")
  void refusedUsers(String scenario, String users, String message) {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        current-context: x
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        """
            + users
            + "\n";
    assertThatThrownBy(() -> RemoteKubeConfig.parse(kubeconfig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing current context | current-context: y\\nclusters: [{name: c, cluster: {server: https://a}}]\\ncontexts: [{name: x, context: {cluster: c}}] | kubeconfig has no context 'y'
          no current, two contexts | clusters: [{name: c, cluster: {server: https://a}}]\\ncontexts: [{name: x, context: {cluster: c}}, {name: z, context: {cluster: c}}] | kubeconfig has no current-context
          unknown cluster          | current-context: x\\nclusters: []\\ncontexts: [{name: x, context: {cluster: c}}] | kubeconfig has no cluster 'c'
          cluster without server   | current-context: x\\nclusters: [{name: c, cluster: {}}]\\ncontexts: [{name: x, context: {cluster: c}}] | kubeconfig cluster 'c' has no server
          not a kubeconfig         | ': [' | invalid kubeconfig
          """)
  @DisplayName("refuses kubeconfigs without a usable server")
  void refusedClusters(String scenario, String body, String message) {
    String kubeconfig = "apiVersion: v1\nkind: Config\n" + body.replace("\\n", "\n") + "\n";
    assertThatThrownBy(() -> RemoteKubeConfig.parse(kubeconfig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
