package io.capstan.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kubeConfig.configMapRef} with {@code provider: generic} against the real API server: the
 * test cluster is its own "remote" cluster, trusting its own service account tokens for the
 * audience {@code https://kubernetes.default.svc.cluster.local} (the control plane's issuer).
 */
@WithKubernetes
class WorkloadIdentityKubeConfigTest {

  private static final String AUDIENCE = "https://kubernetes.default.svc.cluster.local";
  private static final WorkloadIdentityKubeConfig.Options GATE_ON =
      new WorkloadIdentityKubeConfig.Options(true, null, Path.of("/nonexistent"));

  private static Map<String, String> generic(KubeControlPlane plane, String... extra) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("provider", "generic");
    data.put("address", plane.apiServerUrl().toString());
    data.put("ca.crt", caPem(plane));
    data.put("audiences", AUDIENCE + "\n");
    for (int i = 0; i < extra.length; i += 2) {
      data.put(extra[i], extra[i + 1]);
    }
    return data;
  }

  private static String caPem(KubeControlPlane plane) {
    Config admin = plane.clientConfig("default");
    try {
      return admin.getCaCertData() != null
          ? new String(Base64.getDecoder().decode(admin.getCaCertData()), StandardCharsets.UTF_8)
          : Files.readString(Path.of(admin.getCaCertFile()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void configMap(KubernetesClient admin, String ns, Map<String, String> data) {
    admin
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("remote")
                .endMetadata()
                .withData(data)
                .build())
        .serverSideApply();
  }

  /** A service account allowed to read ConfigMaps (only) in {@code ns}. */
  private static void serviceAccount(KubernetesClient admin, String ns, String name) {
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get")
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }

  @Test
  @DisplayName("serviceAccountName: the tenant's token reaches the address, verified by ca.crt")
  void tenantServiceAccount(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin) {
    String ns = namespace.name();
    serviceAccount(admin, ns, "tenant");
    configMap(admin, ns, generic(plane, "serviceAccountName", "tenant"));

    Config config = WorkloadIdentityKubeConfig.resolve(admin, ns, "remote", GATE_ON);

    assertThat(config.getMasterUrl()).startsWith(plane.apiServerUrl().toString());
    try (KubernetesClient remote = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(remote.configMaps().inNamespace(ns).withName("remote").get()).isNotNull();
      assertThatThrownBy(() -> remote.secrets().inNamespace(ns).list())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("system:serviceaccount:" + ns + ":tenant");
    }
  }

  @Test
  @DisplayName("no serviceAccountName: the controller's own service account (from its token file)")
  void controllerServiceAccount(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin, @TempDir Path dir)
      throws Exception {
    String ns = namespace.name();
    serviceAccount(admin, ns, "controller");
    String podToken =
        admin
            .serviceAccounts()
            .inNamespace(ns)
            .withName("controller")
            .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build())
            .getStatus()
            .getToken();
    Path tokenFile = Files.writeString(dir.resolve("token"), podToken);
    configMap(admin, ns, generic(plane));

    Config config =
        WorkloadIdentityKubeConfig.resolve(
            admin, ns, "remote", new WorkloadIdentityKubeConfig.Options(false, null, tokenFile));

    assertThat(config.getOauthToken()).isNotEqualTo(podToken);
    try (KubernetesClient remote = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(remote.configMaps().inNamespace(ns).withName("remote").get()).isNotNull();
      assertThatThrownBy(() -> remote.secrets().inNamespace(ns).list())
          .hasMessageContaining("system:serviceaccount:" + ns + ":controller");
    }
  }

  @Test
  @DisplayName("the audiences default to the address, which this API server does not accept")
  void defaultAudienceIsTheAddress(
      KubeControlPlane plane, KubeNamespace namespace, KubernetesClient admin) {
    String ns = namespace.name();
    serviceAccount(admin, ns, "tenant");
    Map<String, String> data = generic(plane, "serviceAccountName", "tenant");
    data.remove("audiences");
    configMap(admin, ns, data);

    Config config = WorkloadIdentityKubeConfig.resolve(admin, ns, "remote", GATE_ON);
    config.setRequestRetryBackoffLimit(0);
    // the API server answers an unauthenticated HTTP/2 request with GOAWAY; HTTP/1.1 shows the 401
    config.setHttp2Disable(true);

    try (KubernetesClient remote = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThatThrownBy(() -> remote.configMaps().inNamespace(ns).withName("remote").get())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          gate off           | provider=generic,serviceAccountName=tenant | false | failed to get access token for cluster: ObjectLevelWorkloadIdentity feature gate is not enabled
          missing account    | provider=generic,serviceAccountName=ghost  | true  | failed to get access token for cluster: failed to get service account
          unknown provider   | provider=acme                              | true  | provider 'acme' not implemented
          no provider        | address=x                                  | true  | provider '' not implemented
          no address         | provider=generic,address=                  | true  | cluster address is required to create a REST config
          http address       | provider=generic,address=http://h:1        | true  | the Kubernetes API server address 'http://h:1' must use https scheme
          no token file      | provider=generic                           | true  | failed to read service account token file /nonexistent
          """)
  @DisplayName("configuration errors carry Flux's messages")
  void errors(
      String scenario,
      String pairs,
      boolean gate,
      String message,
      KubeControlPlane plane,
      KubeNamespace namespace,
      KubernetesClient admin) {
    String ns = namespace.name();
    serviceAccount(admin, ns, "tenant");
    Map<String, String> data = new LinkedHashMap<>();
    data.put("address", plane.apiServerUrl().toString());
    for (String pair : pairs.split(",")) {
      String[] kv = pair.split("=", 2);
      data.put(kv[0], kv[1]);
    }
    configMap(admin, ns, data);

    assertThatThrownBy(
            () ->
                WorkloadIdentityKubeConfig.resolve(
                    admin,
                    ns,
                    "remote",
                    new WorkloadIdentityKubeConfig.Options(gate, null, Path.of("/nonexistent"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  @DisplayName("cloud providers are refused as unsupported; a missing ConfigMap is named")
  void unsupportedAndMissing(KubeNamespace namespace, KubernetesClient admin) {
    String ns = namespace.name();
    configMap(admin, ns, Map.of("provider", "aws", "cluster", "arn:aws:eks:x"));

    assertThatThrownBy(() -> WorkloadIdentityKubeConfig.resolve(admin, ns, "remote", GATE_ON))
        .isInstanceOf(WorkloadIdentityKubeConfig.UnsupportedProviderException.class)
        .hasMessageContaining("provider 'aws'");
    assertThatThrownBy(() -> WorkloadIdentityKubeConfig.resolve(admin, ns, "nope", GATE_ON))
        .hasMessage("failed to get configmap " + ns + "/nope: configmaps \"nope\" not found");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "example.com, https://example.com:443",
    "https://EXAMPLE.com:6443, https://example.com:6443",
    "10.0.0.1:8443, https://10.0.0.1:8443"
  })
  @DisplayName("cluster addresses are normalized as Flux's ParseClusterAddress")
  void addresses(String address, String expected) {
    assertThat(WorkloadIdentityKubeConfig.parseClusterAddress(address)).isEqualTo(expected);
  }
}
