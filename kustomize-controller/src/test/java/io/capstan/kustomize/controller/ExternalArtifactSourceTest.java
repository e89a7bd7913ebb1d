package io.capstan.kustomize.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.NamespacedObjectKindReference;
import io.capstan.api.source.v1.ExternalArtifact;
import io.capstan.api.source.v1.ExternalArtifactSpec;
import io.capstan.api.source.v1.ExternalArtifactStatus;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.testing.artifact.ArtifactHost;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kustomizations over an {@code ExternalArtifact} written by a third-party producer (here: the
 * documented fabric8 producer), behind Flux's {@code ExternalArtifact} feature gate.
 */
@WithKubernetes
class ExternalArtifactSourceTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ArtifactHost host;
  private RunningKustomizeController controller;

  @BeforeEach
  void start() throws Exception {
    host = new ArtifactHost();
  }

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    host.close();
  }

  /** The producer from kustomize-controller/README.md: create the object, then its status. */
  static void produce(
      KubernetesClient client,
      String namespace,
      String name,
      ArtifactHost.Published p,
      String rev) {
    ExternalArtifact ea = new ExternalArtifact();
    ea.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    ExternalArtifactSpec spec = new ExternalArtifactSpec();
    NamespacedObjectKindReference ref = new NamespacedObjectKindReference();
    ref.setApiVersion("example.com/v1");
    ref.setKind("Generator");
    ref.setName(name);
    spec.setSourceRef(ref);
    ea.setSpec(spec);
    var resource = client.resources(ExternalArtifact.class).inNamespace(namespace).withName(name);
    if (resource.get() == null) {
      client.resource(ea).create();
    }
    Artifact artifact = new Artifact();
    artifact.setPath("generator/" + namespace + "/" + name + "/" + rev + ".tar.gz");
    artifact.setUrl(p.url());
    artifact.setRevision(rev);
    artifact.setDigest(p.digest());
    artifact.setSize(p.size());
    artifact.setLastUpdateTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    resource.editStatus(
        current -> {
          ExternalArtifactStatus status = new ExternalArtifactStatus();
          status.setArtifact(artifact);
          current.setStatus(status);
          return current;
        });
  }

  private static void kustomization(SourceFixture source, String namespace) {
    source.createKustomization(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
        spec:
          interval: 1m
          retryInterval: 2s
          prune: true
          targetNamespace: %s
          sourceRef:
            kind: ExternalArtifact
            name: generated
        """
            .formatted(namespace));
  }

  @Test
  @DisplayName(
      "without --feature-gates=ExternalArtifact=true the Kustomization is refused (AccessDenied)")
  void gateOff(KubeControlPlane plane, KubernetesClient client, KubeNamespace ns) throws Exception {
    controller = RunningKustomizeController.start(plane, ns.name());
    produce(
        client,
        ns.name(),
        "generated",
        host.publish(
            "/g1.tar.gz", Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "one"))),
        "v1");
    SourceFixture source = new SourceFixture(client, ns.name());
    kustomization(source, ns.name());
    source.awaitCondition(
        "app",
        "Ready",
        "False/AccessDenied: can't access 'ExternalArtifact/"
            + ns.name()
            + "/generated', ExternalArtifact feature gate is disabled",
        TIMEOUT);
    assertThat(client.configMaps().inNamespace(ns.name()).withName("a").get()).isNull();
  }

  @Test
  @DisplayName(
      "with the gate: applied, a new artifact re-applied, a broken artifact keeps what is applied")
  void gateOn(KubeControlPlane plane, KubernetesClient client, KubeNamespace ns) throws Exception {
    controller =
        RunningKustomizeController.start(
            plane, ns.name(), b -> b.featureGates(new FeatureGates(false, false, true, false)));
    String namespace = ns.name();
    produce(
        client,
        namespace,
        "generated",
        host.publish(
            "/g1.tar.gz", Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "one"))),
        "v1");
    SourceFixture source = new SourceFixture(client, namespace);
    kustomization(source, namespace);
    source.awaitConditionStartingWith("app", "Ready", "True/ReconciliationSucceeded", TIMEOUT);
    assertThat(data(client, namespace)).isEqualTo("one");
    assertThat(source.kustomization("app").getStatus().getLastAppliedRevision()).isEqualTo("v1");

    produce(
        client,
        namespace,
        "generated",
        host.publish(
            "/g2.tar.gz", Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "two"))),
        "v2");
    await().atMost(TIMEOUT).until(() -> "two".equals(data(client, namespace)));
    await()
        .atMost(TIMEOUT)
        .until(() -> "v2".equals(source.kustomization("app").getStatus().getLastAppliedRevision()));

    ArtifactHost.Published broken =
        host.publish(
            "/g3.tar.gz", Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "three")));
    host.tamper("/g3.tar.gz", Map.of("a.yaml", KustomizationReconcilerTest.configMap("a", "evil")));
    produce(client, namespace, "generated", broken, "v3");
    source.awaitConditionStartingWith(
        "app", "Ready", "False/ArtifactFailed: failed to fetch artifact of revision v3", TIMEOUT);
    assertThat(data(client, namespace)).isEqualTo("two");
    assertThat(source.kustomization("app").getStatus().getLastAppliedRevision()).isEqualTo("v2");
  }

  private static String data(KubernetesClient client, String namespace) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName("a").get();
    return cm == null ? null : cm.getData().get("key");
  }
}
