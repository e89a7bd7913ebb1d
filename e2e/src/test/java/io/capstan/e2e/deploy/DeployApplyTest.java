package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/ installed on the local control plane (cluster mode: controllers, scheduler, kwok). */
@WithKubernetes(cluster = true)
class DeployApplyTest {

  static List<GenericKubernetesResource> answers;

  @BeforeAll
  static void install(KubernetesClient admin) {
    answers = DeployInstall.apply(admin);
  }

  @Test
  @DisplayName("server-side apply accepts every object of deploy/ and the API server keeps them")
  void everyObjectAccepted(KubernetesClient admin) {
    List<ObjectNode> objects = DeployTree.objects();
    assertThat(answers).hasSize(objects.size()).hasSize(60); // 57 + Flux's 3 NetworkPolicies
    for (ObjectNode object : objects) {
      String apiVersion = object.path("apiVersion").asText();
      String kind = object.path("kind").asText();
      String name = object.at("/metadata/name").asText();
      String namespace = object.at("/metadata/namespace").asText(null);
      var resources = admin.genericKubernetesResources(apiVersion, kind);
      GenericKubernetesResource live =
          namespace == null
              ? resources.withName(name).get()
              : resources.inNamespace(namespace).withName(name).get();
      assertThat(live).as("%s %s/%s on the server", kind, namespace, name).isNotNull();
      assertThat(live.getMetadata().getManagedFields())
          .as("%s %s owned by the install's field manager", kind, name)
          .anyMatch(f -> DeployInstall.FIELD_MANAGER.equals(f.getManager()));
    }
  }

  @Test
  @DisplayName("the 14 CRDs are Established and their kinds can be listed")
  void crdsEstablished(KubernetesClient admin) {
    List<CustomResourceDefinition> crds =
        DeployTree.ofKind("CustomResourceDefinition").stream()
            .map(
                c ->
                    admin
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(c.at("/metadata/name").asText())
                        .get())
            .toList();
    assertThat(crds).hasSize(14).allMatch(DeployInstall::established);
    for (CustomResourceDefinition crd : crds) {
      String apiVersion =
          crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName();
      assertThat(
              admin
                  .genericKubernetesResources(apiVersion, crd.getSpec().getNames().getKind())
                  .inAnyNamespace()
                  .list()
                  .getItems())
          .as("list %s", crd.getSpec().getNames().getKind())
          .isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "notification-controller",
        "image-reflector-controller",
        "image-automation-controller"
      })
  @DisplayName("each controller's Deployment rolls out (kwok nodes) with its ServiceAccount")
  void deploymentsRollOut(String controller, KubernetesClient admin) {
    Deployment available =
        Awaitility.await(controller + " Available")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    admin
                        .apps()
                        .deployments()
                        .inNamespace("flux-system")
                        .withName(controller)
                        .get(),
                d ->
                    d != null
                        && d.getStatus() != null
                        && d.getStatus().getConditions() != null
                        && d.getStatus().getConditions().stream()
                            .anyMatch(
                                c ->
                                    "Available".equals(c.getType())
                                        && "True".equals(c.getStatus())));
    assertThat(available.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(controller);
    assertThat(
            admin.pods().inNamespace("flux-system").withLabel("app", controller).list().getItems())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.getSpec().getServiceAccountName()).isEqualTo(controller));
  }

  @Test
  @DisplayName("`kubectl apply -k deploy/` accepts every object (skipped without kubectl)")
  void kubectlApply(KubeControlPlane plane) throws Exception {
    Path errors = Files.createTempFile("kubectl-apply", ".err");
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "kubectl",
                  "--kubeconfig",
                  plane.kubeconfig().toString(),
                  "apply",
                  "-k",
                  DeployTree.dir().toString())
              .redirectError(errors.toFile())
              .start();
    } catch (IOException e) {
      assumeTrue(false, "kubectl is not on PATH: `kubectl apply -k deploy/` is not tried");
      return;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(errors);
    Files.delete(errors);
    assertThat(process.exitValue()).as(stderr).isZero();
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines)
        .hasSize(DeployTree.objects().size())
        .allMatch(l -> l.matches(".+ (created|configured|unchanged)"));
    // Objects another test created by server-side apply have no last-applied annotation yet:
    // kubectl warns and adds it. Anything else on stderr is a failure.
    assertThat(stderr.lines().filter(l -> !l.isBlank()))
        .allMatch(
            l -> l.startsWith("Warning: resource ") && l.contains("last-applied-configuration"));
  }
}
