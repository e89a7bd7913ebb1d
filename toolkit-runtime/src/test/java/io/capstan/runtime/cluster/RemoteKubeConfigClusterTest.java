package io.capstan.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flux's {@code --insecure-kubeconfig-exec} and {@code --insecure-kubeconfig-tls} against the real
 * API server: an exec credential plugin runs only when allowed, and {@code
 * insecure-skip-tls-verify} is honoured only when allowed (otherwise TLS is verified and fails
 * without the CA).
 */
@WithKubernetes
class RemoteKubeConfigClusterTest {

  private static String token(KubernetesClient admin, String ns) {
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("remote").endMetadata().build())
        .create();
    return admin
        .serviceAccounts()
        .inNamespace(ns)
        .withName("remote")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build())
        .getStatus()
        .getToken();
  }

  private static String kubeconfig(KubeControlPlane plane, String cluster, String user) {
    return """
        apiVersion: v1
        kind: Config
        current-context: x
        clusters: [{name: c, cluster: {server: "%s", %s}}]
        users: [{name: u, user: %s}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        """
        .formatted(plane.apiServerUrl(), cluster, user);
  }

  private static String ca(KubeControlPlane plane) {
    return "certificate-authority-data: " + plane.clientConfig("default").getCaCertData();
  }

  private static String whoAmI(Config config, String ns) {
    config.setRequestRetryBackoffLimit(0);
    // the API server answers an unauthenticated HTTP/2 request with GOAWAY; HTTP/1.1 shows the 401
    config.setHttp2Disable(true);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      client.secrets().inNamespace(ns).list();
      return "allowed";
    } catch (KubernetesClientException e) {
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t).append('\n');
      }
      return messages.toString();
    }
  }

  @Test
  @DisplayName("--insecure-kubeconfig-exec: the exec plugin's token is used; without it, refused")
  void execPlugin(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin, @TempDir Path dir)
      throws Exception {
    String ns = namespace.name();
    Path plugin = dir.resolve("plugin.sh");
    Files.writeString(
        plugin,
        """
        #!/bin/sh
        # the ExecCredential protocol: KUBERNETES_EXEC_INFO in, an ExecCredential out
        echo "$KUBERNETES_EXEC_INFO" | grep -q '"interactive":false' || exit 3
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$PLUGIN_TOKEN"
        """);
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    String user =
        "{exec: {apiVersion: client.authentication.k8s.io/v1, command: %s, env: [{name: PLUGIN_TOKEN, value: %s}]}}"
            .formatted(plugin, token(admin, ns));
    String kubeconfig = kubeconfig(plane, ca(plane), user);

    Config config = RemoteKubeConfig.parse(kubeconfig, new KubeConfigOptions(true, false));
    assertThat(whoAmI(config, ns)).contains("system:serviceaccount:" + ns + ":remote");

    assertThatThrownBy(() -> RemoteKubeConfig.parse(kubeconfig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--insecure-kubeconfig-exec");
  }

  @Test
  @DisplayName("a failing exec plugin is an error naming the plugin, not its output")
  void failingPlugin(KubeControlPlane plane, @TempDir Path dir) throws Exception {
    Path plugin = dir.resolve("fail.sh");
    Files.writeString(plugin, "#!/bin/sh\necho secret-output\nexit 7\n");
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    String kubeconfig =
        kubeconfig(
            plane,
            ca(plane),
            "{exec: {apiVersion: client.authentication.k8s.io/v1, command: %s}}".formatted(plugin));

    assertThatThrownBy(() -> RemoteKubeConfig.parse(kubeconfig, new KubeConfigOptions(true, false)))
        .hasMessageContaining("exited with status 7")
        .hasMessageNotContaining("secret-output");
  }

  @Test
  @DisplayName(
      "--insecure-kubeconfig-tls: insecure-skip-tls-verify works; without it TLS is verified")
  void insecureTls(KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin) {
    String ns = namespace.name();
    String kubeconfig =
        kubeconfig(plane, "insecure-skip-tls-verify: true", "{token: " + token(admin, ns) + "}");

    assertThat(whoAmI(RemoteKubeConfig.parse(kubeconfig, new KubeConfigOptions(false, true)), ns))
        .contains("system:serviceaccount:" + ns + ":remote");
    assertThat(whoAmI(RemoteKubeConfig.parse(kubeconfig), ns))
        .doesNotContain("system:serviceaccount")
        .containsIgnoringCase("failed");
  }
}
