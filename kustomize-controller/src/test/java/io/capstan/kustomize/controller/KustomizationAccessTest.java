package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-tenancy against a real API server with RBAC: service account impersonation ({@code
 * spec.serviceAccountName}, {@code defaultServiceAccount}), a remote cluster from {@code
 * spec.kubeConfig}, and {@code noCrossNamespaceRefs}.
 */
@WithKubernetes
class KustomizationAccessTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KubeControlPlane plane;
  private RunningKustomizeController controller;
  private ArtifactHost host;

  @BeforeEach
  void setUp(KubeControlPlane plane) throws Exception {
    this.plane = plane;
    host = new ArtifactHost();
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    host.close();
  }

  private void startController(
      String namespace, UnaryOperator<KustomizeControllerOptions.Builder> opts) {
    controller = RunningKustomizeController.start(plane, namespace, opts);
  }

  private void publish(SourceFixture source, Map<String, String> tree) throws Exception {
    source.createGitRepository("repo", host.publish("/a.tar.gz", tree), "main@sha1:1");
  }

  private static void awaitCondition(SourceFixture source, String type, String prefix) {
    source.awaitConditionStartingWith("app", type, prefix, TIMEOUT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          spec SA, ConfigMap only          | deployer | ''       | false | True/ReconciliationSucceeded  | deployer
          spec SA, Deployment in the set   | deployer | ''       | true  | False/ReconciliationFailed    | deployer
          default SA, Deployment in set    | ''       | deployer | true  | False/ReconciliationFailed    | deployer
          default SA, ConfigMap only       | ''       | deployer | false | True/ReconciliationSucceeded  | deployer
          spec SA wins over default SA     | deployer | nobody   | false | True/ReconciliationSucceeded  | deployer
          default SA without rights        | ''       | nobody   | false | False/ReconciliationFailed    | nobody
          """)
  @DisplayName(
      "applies as system:serviceaccount:<ns>:<sa>: what the account may not do fails the whole set,"
          + " nothing applied")
  void impersonation(
      String scenario,
      String specAccount,
      String defaultAccount,
      boolean withDeployment,
      String expected,
      String user,
      KubernetesClient client,
      KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    new AccessFixture(client, ns).configMapsOnlyServiceAccount("deployer");
    startController(ns, b -> b.defaultServiceAccount(defaultAccount));
    SourceFixture source = new SourceFixture(client, ns);
    Map<String, String> tree =
        withDeployment
            ? Map.of(
                "cm.yaml", KustomizationReconcilerTest.configMap("cm", "one"),
                "web.yaml", AccessFixture.deployment("web"))
            : Map.of("cm.yaml", KustomizationReconcilerTest.configMap("cm", "one"));
    publish(source, tree);
    source.createAppKustomization(
        specAccount.isEmpty() ? "" : "  serviceAccountName: " + specAccount + "\n");

    awaitCondition(source, "Ready", expected);
    if (expected.startsWith("True")) {
      assertThat(client.configMaps().withName("cm").get()).isNotNull();
      // Deletion runs as the same account: its ConfigMap is pruned.
      client.resource(source.kustomization("app")).delete();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(client.configMaps().withName("cm").get()).isNull());
    } else {
      assertThat(source.condition("app", "Ready").orElseThrow())
          .contains("forbidden")
          .contains("User \"system:serviceaccount:" + ns + ":" + user + "\"");
      assertThat(client.configMaps().withName("cm").get()).isNull();
      assertThat(client.apps().deployments().withName("web").get()).isNull();
    }
  }

  @Test
  @DisplayName(
      "deletion leaves the objects when the service account to impersonate is gone, and lets the"
          + " Kustomization go")
  void deletionWithoutServiceAccount(KubernetesClient client, KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    new AccessFixture(client, ns).configMapsOnlyServiceAccount("deployer");
    startController(ns, b -> b);
    SourceFixture source = new SourceFixture(client, ns);
    publish(source, Map.of("cm.yaml", KustomizationReconcilerTest.configMap("cm", "one")));
    source.createAppKustomization("  serviceAccountName: deployer\n");
    awaitCondition(source, "Ready", "True/ReconciliationSucceeded");

    client.serviceAccounts().withName("deployer").delete();
    await()
        .atMost(TIMEOUT)
        .until(() -> client.serviceAccounts().withName("deployer").get() == null);
    client.resource(source.kustomization("app")).delete();
    await().atMost(TIMEOUT).until(() -> source.kustomization("app") == null);
    assertThat(client.configMaps().withName("cm").get()).isNotNull();
  }

  @ParameterizedTest(name = "kubeconfig under {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          value      | ''
          value.yaml | ''
          remote.cfg | remote.cfg
          """)
  @DisplayName(
      "applies with the identity of the kubeconfig in spec.kubeConfig.secretRef (key, else value,"
          + " else value.yaml)")
  void kubeConfigIdentity(String dataKey, String refKey, KubernetesClient client, KubeNamespace ns)
      throws Exception {
    String namespace = ns.name();
    AccessFixture access = new AccessFixture(client, namespace);
    access.configMapsOnlyServiceAccount("remote");
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("remote-kubeconfig")
                .endMetadata()
                .addToData(
                    dataKey,
                    Base64.getEncoder()
                        .encodeToString(
                            access.kubeconfigFor("remote").getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    startController(namespace, b -> b);
    SourceFixture source = new SourceFixture(client, namespace);
    publish(
        source,
        Map.of(
            "cm.yaml", KustomizationReconcilerTest.configMap("cm", "one"),
            "web.yaml", AccessFixture.deployment("web")));
    source.createAppKustomization(
        "  kubeConfig:\n    secretRef:\n      name: remote-kubeconfig\n"
            + (refKey.isEmpty() ? "" : "      key: " + refKey + "\n"));

    // The controller's own identity is cluster-admin: a Forbidden naming the kubeconfig's user
    // proves the kubeconfig was used.
    awaitCondition(source, "Ready", "False/ReconciliationFailed");
    assertThat(source.condition("app", "Ready").orElseThrow())
        .contains("User \"system:serviceaccount:" + namespace + ":remote\"")
        .contains("forbidden");
    assertThat(client.configMaps().withName("cm").get()).isNull();
  }

  @Test
  @DisplayName("applies to the cluster of the kubeconfig when its identity may do it all")
  void kubeConfigApplies(KubernetesClient client, KubeNamespace ns) throws Exception {
    String namespace = ns.name();
    AccessFixture access = new AccessFixture(client, namespace);
    access.configMapsOnlyServiceAccount("remote");
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("remote-kubeconfig")
                .endMetadata()
                .addToStringData("value", access.kubeconfigFor("remote"))
                .build())
        .create();
    startController(namespace, b -> b);
    SourceFixture source = new SourceFixture(client, namespace);
    publish(source, Map.of("cm.yaml", KustomizationReconcilerTest.configMap("cm", "one")));
    source.createAppKustomization("  kubeConfig:\n    secretRef:\n      name: remote-kubeconfig\n");
    awaitCondition(source, "Ready", "True/ReconciliationSucceeded");
    assertThat(client.configMaps().withName("cm").get().getData()).containsEntry("key", "one");
  }

  @ParameterizedTest(name = "remote identity may impersonate: {0}")
  @CsvSource({"true", "false"})
  @DisplayName(
      "kubeConfig with serviceAccountName impersonates the account on the remote cluster, with the"
          + " kubeconfig's identity")
  void kubeConfigWithServiceAccount(
      boolean mayImpersonate, KubernetesClient client, KubeNamespace ns) throws Exception {
    String namespace = ns.name();
    AccessFixture access = new AccessFixture(client, namespace);
    access.configMapsOnlyServiceAccount("remote");
    access.configMapsOnlyServiceAccount("deployer");
    if (mayImpersonate) {
      access.allowImpersonation("remote", "deployer");
    }
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("remote-kubeconfig")
                .endMetadata()
                .addToStringData("value", access.kubeconfigFor("remote"))
                .build())
        .create();
    startController(namespace, b -> b);
    SourceFixture source = new SourceFixture(client, namespace);
    publish(
        source,
        Map.of(
            "cm.yaml", KustomizationReconcilerTest.configMap("cm", "one"),
            "web.yaml", AccessFixture.deployment("web")));
    source.createAppKustomization(
        "  serviceAccountName: deployer\n"
            + "  kubeConfig:\n    secretRef:\n      name: remote-kubeconfig\n");
    awaitCondition(source, "Ready", "False/ReconciliationFailed");
    String message = source.condition("app", "Ready").orElseThrow();
    if (mayImpersonate) {
      // The request reached RBAC as the impersonated account.
      assertThat(message).contains("User \"system:serviceaccount:" + namespace + ":deployer\"");
    } else {
      // The kubeconfig's identity itself may not impersonate.
      assertThat(message)
          .contains("system:serviceaccount:" + namespace + ":remote")
          .contains("impersonate");
    }
    assertThat(client.configMaps().withName("cm").get()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing secret  | secretRef: {name: absent}            | Ready   | False/ReconciliationFailed: unable to read KubeConfig secret '%s/absent' error: not found
          missing key     | secretRef: {name: kc, key: other}    | Ready   | False/ReconciliationFailed: KubeConfig secret '%s/kc' does not contain a 'other' key with a kubeconfig
          no value key    | secretRef: {name: kc}                | Ready   | False/ReconciliationFailed: KubeConfig secret '%s/kc' does not contain a 'value' key with a kubeconfig
          missing configmap | configMapRef: {name: provider}     | Ready   | False/ReconciliationFailed: failed to get configmap %s/provider: configmaps "provider" not found
          cloud provider  | configMapRef: {name: aws}            | Stalled | True/InvalidSpec: provider 'aws' (cloud workload identity) is not supported by Capstan
          gate off        | configMapRef: {name: generic-sa}     | Ready   | False/ReconciliationFailed: failed to get access token for cluster: ObjectLevelWorkloadIdentity feature gate is not enabled
          exec plugin     | secretRef: {name: exec}              | Ready   | False/ReconciliationFailed: KubeConfig secret '%s/exec': kubeconfig user 'u' uses an exec plugin, which is not allowed (the controller's --insecure-kubeconfig-exec flag allows it)
          """)
  @DisplayName("a kubeConfig that cannot be used fails before anything is applied")
  void kubeConfigFailures(
      String scenario,
      String ref,
      String type,
      String expected,
      KubernetesClient client,
      KubeNamespace ns)
      throws Exception {
    String namespace = ns.name();
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("kc")
                .endMetadata()
                .addToStringData("unrelated", "x")
                .build())
        .create();
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("exec")
                .endMetadata()
                .addToStringData(
                    "value",
                    """
                    apiVersion: v1
                    kind: Config
                    current-context: x
                    clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                    users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true}}}]
                    contexts: [{name: x, context: {cluster: c, user: u}}]
                    """)
                .build())
        .create();
    configMap(
        client, "aws", Map.of("provider", "aws", "cluster", "arn:aws:eks:eu-west-1:1:cluster/x"));
    configMap(client, "generic-sa", genericProvider("remote"));
    new AccessFixture(client, namespace).configMapsOnlyServiceAccount("remote");
    startController(namespace, b -> b);
    SourceFixture source = new SourceFixture(client, namespace);
    publish(source, Map.of("cm.yaml", KustomizationReconcilerTest.configMap("cm", "one")));
    source.createAppKustomization("  kubeConfig:\n    " + ref + "\n");
    awaitCondition(source, type, expected.formatted(namespace));
    assertThat(client.configMaps().withName("cm").get()).isNull();
  }

  private Map<String, String> genericProvider(String serviceAccount) {
    Map<String, String> data = new java.util.LinkedHashMap<>();
    data.put("provider", "generic");
    data.put("address", plane.apiServerUrl().toString());
    data.put(
        "ca.crt",
        new String(
            Base64.getDecoder().decode(plane.clientConfig("default").getCaCertData()),
            StandardCharsets.UTF_8));
    // the control plane accepts tokens for its issuer only (the default audience is the address)
    data.put("audiences", "https://kubernetes.default.svc.cluster.local");
    if (serviceAccount != null) {
      data.put("serviceAccountName", serviceAccount);
    }
    return data;
  }

  private static void configMap(KubernetesClient client, String name, Map<String, String> data) {
    client
        .configMaps()
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  @Test
  @DisplayName(
      "kubeConfig.configMapRef (provider generic, ObjectLevelWorkloadIdentity): applies with the"
          + " token of the ConfigMap's service account")
  void workloadIdentity(KubernetesClient client, KubeNamespace ns) throws Exception {
    String namespace = ns.name();
    AccessFixture access = new AccessFixture(client, namespace);
    access.configMapsOnlyServiceAccount("remote");
    configMap(client, "remote-cluster", genericProvider("remote"));
    startController(namespace, b -> b.featureGates(new FeatureGates(false, false, false, true)));
    SourceFixture source = new SourceFixture(client, namespace);
    publish(source, Map.of("cm.yaml", KustomizationReconcilerTest.configMap("cm", "one")));
    source.createAppKustomization("  kubeConfig:\n    configMapRef:\n      name: remote-cluster\n");
    awaitCondition(source, "Ready", "True/ReconciliationSucceeded");
    assertThat(client.configMaps().withName("cm").get().getData()).containsEntry("key", "one");

    // The same with a Deployment: Forbidden naming the service account proves its token was used.
    source.publish(
        "repo",
        host.publish(
            "/b.tar.gz",
            Map.of(
                "cm.yaml", KustomizationReconcilerTest.configMap("cm", "two"),
                "web.yaml", AccessFixture.deployment("web"))),
        "main@sha1:2");
    awaitCondition(source, "Ready", "False/ReconciliationFailed");
    assertThat(source.condition("app", "Ready").orElseThrow())
        .contains("system:serviceaccount:" + namespace + ":remote");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          sourceRef in another namespace | '  sourceRef: {kind: GitRepository, name: repo, namespace: other}' | can't access 'GitRepository/other/repo', cross-namespace references have been blocked
          dependsOn in another namespace | '  dependsOn: [{name: base, namespace: other}]'                    | can't access 'Kustomization/other/base', cross-namespace references have been blocked
          """)
  @DisplayName(
      "with noCrossNamespaceRefs a reference to another namespace stalls with AccessDenied")
  void noCrossNamespaceRefs(
      String scenario, String line, String message, KubernetesClient client, KubeNamespace ns)
      throws Exception {
    String namespace = ns.name();
    startController(namespace, b -> b.noCrossNamespaceRefs(true));
    SourceFixture source = new SourceFixture(client, namespace);
    publish(source, Map.of("cm.yaml", KustomizationReconcilerTest.configMap("cm", "one")));
    String yaml =
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
        spec:
          interval: 1m
          prune: false
          targetNamespace: %s
        %s
        """
            .formatted(namespace, line);
    if (!line.contains("sourceRef")) {
      yaml += "  sourceRef: {kind: GitRepository, name: repo}\n";
    }
    source.createKustomization(yaml);
    awaitCondition(source, "Stalled", "True/AccessDenied: " + message);
    assertThat(source.condition("app", "Ready")).contains("False/AccessDenied: " + message);
    assertThat(client.configMaps().withName("cm").get()).isNull();
  }
}
