package io.capstan.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.cli.install.ClusterInstall.Result;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code capstan install} on the local control plane in cluster mode (kube-controller-manager,
 * scheduler, kwok nodes: the Deployments roll out and become Available without container images).
 */
@WithKubernetes(cluster = true)
class InstallCommandTest {

  private static final List<String> CONTROLLERS =
      List.of(
          "source-controller",
          "kustomize-controller",
          "helm-controller",
          "notification-controller");

  @Test
  @DisplayName(
      "installs, waits until every Deployment is Available, re-runs unchanged, upgrades in place")
  void installsAndUpgradesInPlace(KubernetesClient client, KubeControlPlane plane) {
    Result first = ClusterInstall.capstan(plane.kubeconfig(), "--timeout=3m");
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output())
        .contains(
            "✚ generating manifests",
            "► installing components in flux-system namespace",
            "CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io",
            "Deployment/flux-system/source-controller",
            "◎ verifying installation",
            "✔ source-controller: deployment ready",
            "✔ kustomize-controller: deployment ready",
            "✔ helm-controller: deployment ready",
            "✔ notification-controller: deployment ready",
            "✔ install finished");
    for (String name : CONTROLLERS) {
      Deployment d = client.apps().deployments().inNamespace("flux-system").withName(name).get();
      assertThat(available(d)).as(name).isTrue();
      assertThat(d.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/part-of", "flux")
          .containsEntry("app.kubernetes.io/component", name)
          .containsEntry("control-plane", "controller");
      assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
          .isEqualTo("manager");
    }
    // the Pods carry Flux's labels too (kwok runs them)
    assertThat(
            client
                .pods()
                .inNamespace("flux-system")
                .withLabel("app.kubernetes.io/part-of", "flux")
                .list()
                .getItems())
        .extracting(p -> p.getMetadata().getLabels().get("app"))
        .containsAll(CONTROLLERS);
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("gitrepositories.source.toolkit.fluxcd.io")
            .get();
    assertThat(crd.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "flux")
        .containsEntry("app.kubernetes.io/component", "source-controller")
        .containsEntry("app.kubernetes.io/instance", "flux-system")
        .containsKey("app.kubernetes.io/version");

    Result again = ClusterInstall.capstan(plane.kubeconfig(), "--timeout=3m");
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(changeLines(again.output()))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).endsWith(" unchanged"));

    Result upgrade =
        ClusterInstall.capstan(plane.kubeconfig(), "--timeout=3m", "--log-level=debug");
    assertThat(upgrade.exit()).as(upgrade.output()).isZero();
    assertThat(upgrade.output())
        .contains(
            "Deployment/flux-system/source-controller configured",
            "✔ source-controller: deployment ready");
    Deployment upgraded =
        client.apps().deployments().inNamespace("flux-system").withName("source-controller").get();
    assertThat(upgraded.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--log-level=debug");
    assertThat(upgraded.getMetadata().getGeneration()).isGreaterThan(1L);
    assertThat(available(upgraded)).isTrue();
    assertThat(upgraded.getStatus().getUpdatedReplicas()).isEqualTo(1);

    Result back = ClusterInstall.capstan(plane.kubeconfig(), "--timeout=3m");
    assertThat(back.exit()).as(back.output()).isZero();
    assertThat(back.output()).contains("Deployment/flux-system/source-controller configured");
  }

  @Test
  @DisplayName("a component Capstan lacks fails before anything is applied, naming what exists")
  void refusesMissingComponent(KubernetesClient client, KubeControlPlane plane) {
    Result r = ClusterInstall.capstan(plane.kubeconfig(), "--components-extra=source-watcher");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output())
        .contains(
            "Error: component(s) [source-watcher] not available in Capstan yet;"
                + " installable: source-controller,kustomize-controller,helm-controller,"
                + "notification-controller,"
                + "image-reflector-controller,image-automation-controller")
        .doesNotContain("installing components");
    assertThat(
            client.apps().deployments().inNamespace("flux-system").withName("source-watcher").get())
        .isNull();
  }

  @Test
  @DisplayName(
      "--components-extra installs image-reflector and image-automation: both Deployments"
          + " become Available, the image CRDs are served")
  void installsImageControllers(KubernetesClient client, KubeControlPlane plane) {
    Result r =
        ClusterInstall.capstan(
            plane.kubeconfig(),
            "--timeout=3m",
            "--components-extra=image-reflector-controller,image-automation-controller");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output())
        .contains(
            "CustomResourceDefinition/imagepolicies.image.toolkit.fluxcd.io",
            "Deployment/flux-system/image-reflector-controller",
            "✔ image-reflector-controller: deployment ready",
            "✔ image-automation-controller: deployment ready",
            "✔ install finished");
    for (String name : List.of("image-reflector-controller", "image-automation-controller")) {
      Deployment d = client.apps().deployments().inNamespace("flux-system").withName(name).get();
      assertThat(available(d)).as(name).isTrue();
      assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(name);
    }
    for (String crd :
        List.of(
            "imagerepositories.image.toolkit.fluxcd.io",
            "imagepolicies.image.toolkit.fluxcd.io",
            "imageupdateautomations.image.toolkit.fluxcd.io")) {
      assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crd).get())
          .as(crd)
          .isNotNull();
    }
  }

  private static List<String> changeLines(String output) {
    return Arrays.stream(output.split("\n"))
        .filter(l -> l.matches("^[A-Za-z]+/\\S+ \\w+$"))
        .toList();
  }

  private static boolean available(Deployment d) {
    if (d == null || d.getStatus() == null || d.getStatus().getConditions() == null) {
      return false;
    }
    for (DeploymentCondition c : d.getStatus().getConditions()) {
      if ("Available".equals(c.getType()) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }
}
