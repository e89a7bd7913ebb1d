package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CEL through the running controller against a real API server: {@code healthCheckExprs} on a
 * custom resource whose status the test writes, and {@code dependsOn[].readyExpr}.
 */
@WithKubernetes
class KustomizationCelTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final String GROUP = "cel.capstan.io";

  private RunningKustomizeController controller;
  private ArtifactHost host;

  @BeforeEach
  void start(KubeControlPlane plane, KubeNamespace namespace, KubernetesClient client)
      throws Exception {
    ensureWidgetCrd(client);
    host = new ArtifactHost();
    controller = RunningKustomizeController.start(plane, namespace.name());
  }

  @AfterEach
  void stop() {
    controller.close();
    host.close();
  }

  /** A namespaced {@code Widget} kind with a status subresource and no schema to speak of. */
  private static void ensureWidgetCrd(KubernetesClient client) {
    String yaml =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.%1$s
        spec:
          group: %1$s
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """
            .formatted(GROUP);
    GenericKubernetesResource crd =
        client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    client.resource(crd).serverSideApply();
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              GenericKubernetesResource live =
                  client
                      .genericKubernetesResources(
                          "apiextensions.k8s.io/v1", "CustomResourceDefinition")
                      .withName("widgets." + GROUP)
                      .get();
              return live != null
                  && live.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                  && status.get("conditions") instanceof java.util.List<?> conditions
                  && conditions.stream()
                      .anyMatch(
                          c ->
                              c instanceof Map<?, ?> m
                                  && "Established".equals(m.get("type"))
                                  && "True".equals(m.get("status")));
            });
  }

  private void publishWidget(SourceFixture source) throws Exception {
    source.createGitRepository(
        "repo",
        host.publish(
            "/w.tar.gz",
            Map.of(
                "app/widget.yaml",
                "apiVersion: " + GROUP + "/v1\nkind: Widget\nmetadata:\n  name: w1\nspec: {}\n")),
        "main@sha1:1");
  }

  private static void setPhase(KubernetesClient client, String phase) {
    client
        .genericKubernetesResources(GROUP + "/v1", "Widget")
        .withName("w1")
        .editStatus(
            w -> {
              w.getAdditionalProperties().put("status", Map.of("phase", phase));
              return w;
            });
  }

  @ParameterizedTest(name = "status.phase {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Ready  | True/ReconciliationSucceeded: Applied revision: main@sha1:1
          Broken | False/HealthCheckFailed: Health check failed after <elapsed>: not ready: [Widget/%s/w1 status: 'Failed': healthCheckExprs: status.phase == 'Broken']
          <none> | False/HealthCheckFailed: Health check failed after <elapsed>: timeout waiting for: [Widget/%s/w1 status: 'Unknown': failed to evaluate the CEL expression 'status.phase == 'Broken'': no such attribute [status]
          """)
  @DisplayName(
      "wait: true judges a custom resource by its healthCheckExprs: it is not healthy before the"
          + " current expression holds, Failed by the failed one, Unknown while a field is missing")
  void healthCheckExprs(
      String phase, String expected, KubernetesClient client, KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    publishWidget(source);
    source.createKustomization(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
        spec:
          interval: 1h
          retryInterval: 1h
          timeout: 8s
          wait: true
          path: ./app
          prune: true
          targetNamespace: %s
          sourceRef: {kind: GitRepository, name: repo}
          healthCheckExprs:
          - apiVersion: %s/v1
            kind: Widget
            failed: status.phase == 'Broken'
            current: status.phase == 'Ready'
        """
            .formatted(ns, GROUP));

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.genericKubernetesResources(GROUP + "/v1", "Widget").withName("w1").get()
                    != null);
    if (!phase.equals("<none>")) {
      Thread.sleep(2_000);
      assertThat(source.condition("app", "Ready").orElse("none"))
          .as("kstatus alone would call a Widget without conditions Current at once")
          .doesNotStartWith("True");
      assertThat(source.kustomization("app").getStatus().getLastAppliedRevision()).isNull();
      setPhase(client, phase);
    }

    String want = expected.contains("%s") ? expected.formatted(ns) : expected;
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(source.condition("app", "Ready"))
                    .hasValueSatisfying(
                        c ->
                            assertThat(c.replaceFirst("after [0-9.]+(ms|s)", "after <elapsed>"))
                                .startsWith(want)));
    assertThat(source.condition("app", "Healthy"))
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .startsWith(phase.equals("Ready") ? "True" : "False/HealthCheckFailed"));
  }

  @Test
  @DisplayName("a healthCheckExprs expression that does not compile stalls the Kustomization")
  void invalidHealthCheckExpr(KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    publishWidget(source);
    source.createKustomization(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
        spec:
          interval: 1h
          wait: true
          path: ./app
          prune: true
          targetNamespace: %s
          sourceRef: {kind: GitRepository, name: repo}
          healthCheckExprs:
          - apiVersion: %s/v1
            kind: Widget
            current: "foo."
        """
            .formatted(ns, GROUP));

    String message =
        "Reconciliation failed terminally due to configuration error: failed to create custom"
            + " status reader for healthchecks[0]: failed to parse the expression Current: failed to"
            + " parse the CEL expression 'foo.': ERROR: <input>:1:5:";
    source.awaitConditionStartingWith(
        "app", "Stalled", "True/InvalidCELExpression: " + message, TIMEOUT);
    assertThat(source.condition("app", "Ready"))
        .hasValueSatisfying(c -> assertThat(c).startsWith("False/InvalidCELExpression"));
    assertThat(client.genericKubernetesResources(GROUP + "/v1", "Widget").withName("w1").get())
        .isNull();
  }

  @Test
  @DisplayName(
      "dependsOn readyExpr replaces the built-in check: false keeps the dependent waiting, true"
          + " lets it apply; an expression over unknown variables stalls it")
  void readyExpr(KubernetesClient client, KubeNamespace namespace) throws Exception {
    String ns = namespace.name();
    SourceFixture source = new SourceFixture(client, ns);
    source.createGitRepository(
        "repo",
        host.publish(
            "/r.tar.gz",
            Map.of(
                "base/cm.yaml", KustomizationReconcilerTest.configMap("base-cm", "b"),
                "app/cm.yaml", KustomizationReconcilerTest.configMap("app-cm", "a"))),
        "main@sha1:1");
    String template =
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %s
          labels: {app/version: %s}
        spec:
          interval: 1h
          retryInterval: 1s
          path: ./%s
          prune: true
          targetNamespace: %s
          sourceRef: {kind: GitRepository, name: repo}
        %s""";
    String lockstep =
        "  dependsOn:\n  - name: base\n    readyExpr: >-\n"
            + "      dep.metadata.labels['app/version'] == self.metadata.labels['app/version'] &&\n"
            + "      dep.status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')\n";
    source.createKustomization(template.formatted("base", "v1", "base", ns, ""));
    source.createKustomization(template.formatted("app", "v2", "app", ns, lockstep));
    source.createKustomization(
        template.formatted(
            "bad",
            "v1",
            "app",
            ns,
            "  dependsOn:\n  - name: base\n    readyExpr: self.generation == deps.generation\n"));

    source.awaitConditionStartingWith(
        "app",
        "Ready",
        "False/DependencyNotReady: dependency '"
            + ns
            + "/base' is not ready according to readyExpr eval",
        TIMEOUT);
    source.awaitConditionStartingWith("base", "Ready", "True", TIMEOUT);
    Thread.sleep(2_000); // two more retries of "app" with base Ready: the labels still differ
    assertThat(source.condition("app", "Ready"))
        .hasValueSatisfying(c -> assertThat(c).startsWith("False/DependencyNotReady"));
    assertThat(client.configMaps().withName("app-cm").get()).isNull();
    source.awaitConditionStartingWith(
        "bad",
        "Stalled",
        "True/InvalidCELExpression: Reconciliation failed terminally"
            + " due to configuration error: failed to evaluate"
            + " dependency base: failed to parse the CEL expression",
        TIMEOUT);

    client
        .resources(io.capstan.api.kustomize.v1.Kustomization.class)
        .withName("app")
        .edit(
            k -> {
              k.getMetadata().getLabels().put("app/version", "v1");
              return k;
            });
    source.awaitConditionStartingWith("app", "Ready", "True", TIMEOUT);
    assertThat(client.configMaps().withName("app-cm").get()).isNotNull();
  }
}
