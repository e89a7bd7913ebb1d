package io.capstan.helm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.helm.v2.HelmRelease;
import io.capstan.api.helm.v2.HelmReleaseSnapshot;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Options a user sets on a HelmRelease, against a real API server: invalid values on an upgrade
 * keep the running release; {@code spec.uninstall} options on deletion; {@code serviceAccountName}
 * limits what is applied.
 */
@WithKubernetes
class HelmReleaseOptionsTest {

  private HelmReleaseFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private HelmReleaseFixture start(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    fixture = HelmReleaseFixture.start(plane, ns.name(), UnaryOperator.identity());
    fixture.createHelmChart("chart");
    fixture.publishChart("chart", "1.0.0", HelmReleaseFixture.fullChart("1.0.0"));
    return fixture;
  }

  private static String release(String name, String extraSpec) {
    return HelmReleaseReconcilerTest.release(name, extraSpec);
  }

  @Test
  @DisplayName(
      "invalid values on an upgrade (schema, required): Ready=False naming the cause, nothing"
          + " applied or recorded, revision 1 still running")
  void invalidValuesOnUpgradeKeepRelease(KubeControlPlane plane, KubeNamespace ns)
      throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    f.createHelmRelease(release("app", "  values:\n    configs: {one: good}\n"));
    f.awaitCondition("app", "Ready", "True/InstallSucceeded");
    String uid = f.client().configMaps().withName("one").get().getMetadata().getUid();
    String resourceVersion =
        f.client().configMaps().withName("one").get().getMetadata().getResourceVersion();

    f.jsonPatch(
        "app",
        "[{\"op\":\"replace\",\"path\":\"/spec/values\",\"value\":"
            + "{\"replicas\":\"three\",\"configs\":{\"one\":\"bad\"}}}]");
    f.awaitCondition(
        "app",
        "Released",
        "False/UpgradeFailed: Helm upgrade failed for release "
            + ns.name()
            + "/app with chart app@1.0.0: values don't meet the specifications of the schema");
    assertThat(f.describe("app", "Released")).contains("replicas");
    assertThat(f.describe("app", "Ready")).startsWith("False/");
    assertUntouched(f, uid, resourceVersion);

    // `required`: a JSON patch keeps the null that deletes the chart's default owner.
    f.jsonPatch(
        "app",
        "[{\"op\":\"replace\",\"path\":\"/spec/values\",\"value\":"
            + "{\"owner\":null,\"configs\":{\"one\":\"bad\"}}}]");
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .untilAsserted(
            () -> assertThat(f.describe("app", "Released")).contains("owner is required"));
    assertThat(f.describe("app", "Ready")).startsWith("False/");
    assertUntouched(f, uid, resourceVersion);

    // Fixed values: upgraded from the running revision.
    f.jsonPatch(
        "app",
        "[{\"op\":\"replace\",\"path\":\"/spec/values\",\"value\":{\"configs\":{\"one\":\"fixed\"}}}]");
    f.awaitCondition("app", "Ready", "True/UpgradeSucceeded");
    assertThat(f.configValue("one")).isEqualTo("fixed");
    assertThat(f.get("app").getStatus().getHistory().get(0).getVersion()).isEqualTo(2);
  }

  private static void assertUntouched(HelmReleaseFixture f, String uid, String resourceVersion) {
    ConfigMap one = f.client().configMaps().withName("one").get();
    assertThat(one.getMetadata().getUid()).isEqualTo(uid);
    assertThat(one.getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(one.getData()).containsEntry("value", "good");
    assertThat(f.releaseSecrets()).containsExactly("sh.helm.release.v1.app.v1");
    HelmRelease hr = f.get("app");
    assertThat(hr.getStatus().getHistory())
        .extracting(HelmReleaseSnapshot::getVersion, HelmReleaseSnapshot::getStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "deployed"));
    // Flux counts a failure, but not an upgrade failure: nothing was stored, nothing to remediate.
    assertThat(hr.getStatus().getFailures()).isPositive();
    assertThat(hr.getStatus().getUpgradeFailures()).isIn(null, 0L);
  }

  @Test
  @DisplayName(
      "uninstall on deletion with keepHistory, deletionPropagation orphan, disableHooks, and the"
          + " defaults")
  void uninstallOptions(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    // Each release owns one ConfigMap named after it (the chart's `one` is switched off).
    f.createHelmRelease(
        release(
            "keep",
            "  values:\n    configs: {one: null, keep-cm: x}\n"
                + "  uninstall:\n    keepHistory: true\n"));
    f.createHelmRelease(
        release(
            "orphan",
            "  values:\n    configs: {one: null, orphan-cm: x}\n"
                + "  uninstall:\n    deletionPropagation: orphan\n    disableWait: true\n"));
    f.createHelmRelease(
        release(
            "nohooks",
            "  values:\n    preDeleteHook: true\n    configs: {one: null, nohooks-cm: x}\n"
                + "  uninstall:\n    disableHooks: true\n"));
    f.createHelmRelease(
        release(
            "hooks",
            "  values:\n    preDeleteHook: true\n    configs: {one: null, hooks-cm: x}\n"));
    for (String name : List.of("keep", "orphan", "nohooks", "hooks")) {
      f.awaitCondition(name, "Ready", "True/InstallSucceeded");
      assertThat(f.configValue(name + "-cm")).isEqualTo("x");
    }
    for (String name : List.of("keep", "orphan", "nohooks", "hooks")) {
      f.client().resources(HelmRelease.class).withName(name).delete();
    }
    await()
        .atMost(HelmReleaseFixture.TIMEOUT)
        .untilAsserted(
            () -> {
              for (String name : List.of("keep", "orphan", "nohooks", "hooks")) {
                assertThat(f.get(name)).as(name).isNull();
              }
            });
    KubernetesClient c = f.client();

    // keepHistory: the last revision stays, marked uninstalled; the objects are gone.
    assertThat(f.releaseSecrets()).containsExactly("sh.helm.release.v1.keep.v1");
    Secret kept = c.secrets().withName("sh.helm.release.v1.keep.v1").get();
    assertThat(kept.getMetadata().getLabels()).containsEntry("status", "uninstalled");
    assertThat(c.configMaps().withName("keep-cm").get()).isNull();

    // deletionPropagation orphan: the API server hands the object to the garbage collector with
    // the `orphan` finalizer (this control plane runs none, so it stays terminating).
    ConfigMap orphaned = c.configMaps().withName("orphan-cm").get();
    assertThat(orphaned).isNotNull();
    assertThat(orphaned.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(orphaned.getMetadata().getFinalizers()).contains("orphan");
    c.configMaps()
        .withName("orphan-cm")
        .edit(
            cm -> {
              cm.getMetadata().setFinalizers(List.of());
              return cm;
            });

    // disableHooks: no pre-delete hook ran; by default it ran (and, Helm's default delete
    // policy, its ConfigMap stays); both releases' objects are gone (background propagation).
    assertThat(c.configMaps().withName("nohooks-pre-delete").get()).isNull();
    assertThat(c.configMaps().withName("hooks-pre-delete").get()).isNotNull();
    assertThat(c.configMaps().withName("nohooks-cm").get()).isNull();
    assertThat(c.configMaps().withName("hooks-cm").get()).isNull();
  }

  @Test
  @DisplayName(
      "serviceAccountName without RBAC for one kind: Ready=False with the Forbidden cause, nothing"
          + " half-applied; with the RBAC: Ready")
  void impersonationLimits(KubeControlPlane plane, KubeNamespace ns) throws Exception {
    HelmReleaseFixture f = start(plane, ns);
    KubernetesClient c = f.client();
    c.serviceAccounts()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("deployer")
                .endMetadata()
                .build())
        .create();
    // ConfigMaps and Helm's release Secrets, but no Services.
    role(c, "deployer", List.of("configmaps", "secrets"));
    f.createHelmRelease(
        release(
            "app",
            "  serviceAccountName: deployer\n  values:\n    service: true\n"
                + "  install:\n    disableWait: true\n"));
    f.awaitCondition("app", "Released", "False/InstallFailed");
    String message = f.describe("app", "Released");
    assertThat(message)
        .containsIgnoringCase("forbidden")
        .contains("system:serviceaccount:" + ns.name() + ":deployer")
        .contains("services");
    assertThat(f.describe("app", "Ready")).startsWith("False/");
    // Nothing half-applied: the ConfigMap the account may create was not created either.
    assertThat(c.configMaps().withName("one").get()).isNull();
    assertThat(c.services().withName("web").get()).isNull();

    role(c, "deployer-services", List.of("services"));
    // A new generation resets the failure counters (Flux): the controller tries again.
    f.mergePatch("app", "{\"spec\":{\"values\":{\"configs\":{\"one\":\"allowed\"}}}}");
    f.awaitCondition("app", "Ready", "True/");
    assertThat(f.configValue("one")).isEqualTo("allowed");
    assertThat(c.services().withName("web").get()).isNotNull();
    assertThat(c.configMaps().withName("one").get().getMetadata().getManagedFields())
        .extracting(m -> m.getManager())
        .contains("helm-controller");
  }

  private static void role(KubernetesClient c, String name, List<String> resources) {
    c.rbac()
        .roles()
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources(resources)
                        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                        .build())
                .build())
        .create();
    c.rbac()
        .roleBindings()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("deployer")
                .withNamespace(c.getNamespace())
                .endSubject()
                .build())
        .create();
  }
}
