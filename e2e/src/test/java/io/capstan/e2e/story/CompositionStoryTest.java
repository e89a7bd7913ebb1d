package io.capstan.e2e.story;

import static io.capstan.e2e.story.GitOpsStage.describe;
import static io.capstan.e2e.story.GitOpsStage.isTrue;
import static io.capstan.e2e.story.GitOpsStage.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several Kustomizations working together: ordering with {@code dependsOn}, variables from a
 * ConfigMap and a Secret, and two Kustomizations over overlapping paths.
 */
@WithKubernetes(cluster = true)
class CompositionStoryTest extends GitOpsStory {

  @Test
  @DisplayName(
      "B depends on A: B waits (DependencyNotReady) until A is Ready, A's objects exist before"
          + " B's")
  void dependsOnOrdering(KubeNamespace namespace) {
    String ns = namespace.name();
    TestGitRepository repo = stage.repository("layers-" + ns);
    RevCommit c1 =
        repo.commit(
            "main",
            "layers",
            Map.of(
                "a/web.yaml", Manifests.deployment(2, "from-a"),
                "b/config.yaml", Manifests.configMap("b-config", "uses", "web")));
    stage.gitRepository(ns, "layers", "layers-" + ns);
    stage.apply(
        ns,
        Manifests.kustomization("b", "layers", "./b", ns, "prune: true\ndependsOn:\n- name: a"));
    stage.awaitKustomization(
        ns,
        "b",
        k ->
            describe(GitOpsStage.find(k.getStatus().getConditions(), "Ready"))
                .startsWith("False/DependencyNotReady"));
    assertThat(describe(stage.condition(ns, "b", "Ready"))).contains(ns + "/a");
    assertThat(configMap(ns, "b-config")).isNull();

    stage.apply(ns, Manifests.kustomization("a", "layers", "./a", ns, "prune: true\nwait: true"));
    // Sample both sides until both are Ready: B's object never exists before A is Ready.
    List<String> violations = new ArrayList<>();
    await()
        .atMost(GitOpsStage.PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              boolean bApplied = configMap(ns, "b-config") != null;
              boolean aReady = isTrue(stage.condition(ns, "a", "Ready"));
              if (bApplied && !aReady) {
                violations.add("b-config existed while A was " + stage.condition(ns, "a", "Ready"));
              }
              return bApplied && aReady && isTrue(stage.condition(ns, "b", "Ready"));
            });
    assertThat(violations).isEmpty();
    stage.awaitAppliedRevision(ns, "a", revision(c1));
    stage.awaitAppliedRevision(ns, "b", revision(c1));
    Deployment web = stage.admin.apps().deployments().inNamespace(ns).withName("web").get();
    Instant aCreated = Instant.parse(web.getMetadata().getCreationTimestamp());
    Instant bCreated =
        Instant.parse(configMap(ns, "b-config").getMetadata().getCreationTimestamp());
    assertThat(bCreated).isAfterOrEqualTo(aCreated);
    Instant aReadySince =
        Instant.parse(stage.condition(ns, "a", "Ready").orElseThrow().getLastTransitionTime());
    assertThat(bCreated).isAfterOrEqualTo(aReadySince);
  }

  @Test
  @DisplayName(
      "variables come from a ConfigMap and a Secret; the Secret's value never shows in events or"
          + " status")
  void substitutionFromConfigMapAndSecret(KubeNamespace namespace) {
    String ns = namespace.name();
    String secretValue = "Sup3r-Secret-" + ns.hashCode();
    stage
        .admin
        .configMaps()
        .inNamespace(ns)
        .resource(configMapOf("vars", "greeting", "hello"))
        .create();
    createSecret(ns, "secret-vars", "password", secretValue);
    TestGitRepository repo = stage.repository("vars-" + ns);
    RevCommit c1 =
        repo.commit(
            "main",
            "templated",
            Map.of(
                "config.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app-config
                data:
                  greeting: "${greeting}"
                  region: "${region:=eu-west-1}"
                """,
                "secret.yaml",
                """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: app-secret
                stringData:
                  password: "${password}"
                """));
    stage.gitRepository(ns, "vars", "vars-" + ns);
    stage.apply(
        ns,
        Manifests.kustomization(
            "app",
            "vars",
            "./",
            ns,
            """
            prune: true
            postBuild:
              substituteFrom:
              - kind: ConfigMap
                name: vars
              - kind: Secret
                name: secret-vars
            """));

    stage.awaitAppliedRevision(ns, "app", revision(c1));
    assertThat(configMap(ns, "app-config").getData())
        .containsEntry("greeting", "hello")
        .containsEntry("region", "eu-west-1");
    String stored =
        stage
            .admin
            .secrets()
            .inNamespace(ns)
            .withName("app-secret")
            .get()
            .getData()
            .get("password");
    assertThat(new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8))
        .isEqualTo(secretValue);

    String encoded =
        Base64.getEncoder().encodeToString(secretValue.getBytes(StandardCharsets.UTF_8));
    var events = stage.admin.v1().events().inNamespace(ns).list().getItems();
    assertThat(events)
        .as("the Kustomization recorded events")
        .anyMatch(e -> "Kustomization".equals(e.getInvolvedObject().getKind()));
    String eventText = Serialization.asJson(events);
    String statusText = Serialization.asJson(stage.kustomization(ns, "app").getStatus());
    assertThat(eventText).doesNotContain(secretValue).doesNotContain(encoded);
    assertThat(statusText).doesNotContain(secretValue).doesNotContain(encoded);

    // Variables are read at every reconcile: a changed value lands within an interval.
    stage
        .admin
        .configMaps()
        .inNamespace(ns)
        .withName("vars")
        .edit(
            c -> {
              c.getData().put("greeting", "bonjour");
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> configMap(ns, "app-config").getData().get("greeting"), "bonjour"::equals);
  }

  @Test
  @DisplayName(
      "a substituted Secret value that the API server rejects is not echoed in the Ready"
          + " condition or events")
  void substitutedSecretStaysSecretOnFailure(KubeNamespace namespace) {
    String ns = namespace.name();
    // Not a valid label value, so the API server's error would quote it.
    String secretValue = "Hush Hush!" + Math.abs(ns.hashCode());
    createSecret(ns, "secret-vars", "tier", secretValue);
    TestGitRepository repo = stage.repository("leak-" + ns);
    RevCommit c1 =
        repo.commit(
            "main",
            "labelled",
            Map.of(
                "config.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: labelled
                  labels:
                    tier: "${tier}"
                data:
                  a: "1"
                """));
    stage.gitRepository(ns, "leak", "leak-" + ns);
    stage.apply(
        ns,
        Manifests.kustomization(
            "app",
            "leak",
            "./",
            ns,
            """
            prune: true
            postBuild:
              substituteFrom:
              - kind: Secret
                name: secret-vars
            """));

    stage.awaitKustomization(
        ns,
        "app",
        k ->
            revision(c1).equals(k.getStatus().getLastAttemptedRevision())
                && describe(GitOpsStage.find(k.getStatus().getConditions(), "Ready"))
                    .startsWith("False/ReconciliationFailed"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                stage.admin.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(e -> "ReconciliationFailed".equals(e.getReason())));
    assertThat(describe(stage.condition(ns, "app", "Ready")))
        .contains("ConfigMap/" + ns + "/labelled")
        .doesNotContain(secretValue);
    assertThat(Serialization.asJson(stage.admin.v1().events().inNamespace(ns).list().getItems()))
        .doesNotContain(secretValue);
    assertThat(configMap(ns, "labelled")).isNull();
  }

  /** Creates Secret {@code ns/name} holding {@code key: value} as string data. */
  void createSecret(String ns, String name, String key, String value) {
    stage
        .admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(Map.of(key, value))
                .build())
        .create();
  }

  static ConfigMap configMapOf(String name, String key, String value) {
    ConfigMap c = new ConfigMap();
    c.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    c.getMetadata().setName(name);
    c.setData(Map.of(key, value));
    return c;
  }

  @Test
  @DisplayName(
      "two Kustomizations over overlapping paths never prune each other's objects, a shared one"
          + " included")
  void overlappingKustomizations(KubeNamespace namespace) {
    String ns = namespace.name();
    TestGitRepository repo = stage.repository("overlap-" + ns);
    // platform: ./apps = one-only + shared; team: ./apps/shared = shared + two-only.
    repo.commit(
        "main",
        "overlap",
        Map.of(
            "apps/kustomization.yaml",
            "resources:\n- one.yaml\n- shared/shared.yaml\n",
            "apps/one.yaml",
            Manifests.configMap("one-only", "k", "1"),
            "apps/shared/shared.yaml",
            Manifests.configMap("shared", "k", "s"),
            "apps/shared/two.yaml",
            Manifests.configMap("two-only", "k", "2")));
    stage.gitRepository(ns, "overlap", "overlap-" + ns);
    stage.apply(ns, Manifests.kustomization("platform", "overlap", "./apps", ns, "prune: true"));
    stage.apply(
        ns,
        Manifests.kustomization("team", "overlap", "./apps/shared", ns, "prune: true")
            .replace("interval: 5s", "interval: 1h"));

    // A commit removing a file of platform only: platform prunes it, team's objects stay.
    RevCommit c2 =
        repo.commit(
            "main",
            "drop one",
            Map.of("apps/kustomization.yaml", "resources:\n- shared/shared.yaml\n"));
    stage.awaitAppliedRevision(ns, "platform", revision(c2));
    stage.awaitAppliedRevision(ns, "team", revision(c2));
    await().atMost(GitOpsStage.PATIENCE).until(() -> configMap(ns, "one-only") == null);
    assertThat(configMap(ns, "two-only")).isNotNull();
    assertThat(configMap(ns, "shared")).isNotNull();

    // team (interval 1h) applied last at c2; platform re-applies every 5s and takes "shared".
    await()
        .atMost(GitOpsStage.PATIENCE)
        .until(
            () -> configMap(ns, "shared").getMetadata().getLabels(),
            labels -> "platform".equals(labels.get("kustomize.toolkit.fluxcd.io/name")));
    String sharedUid = configMap(ns, "shared").getMetadata().getUid();

    // Deleting team (prune: true) deletes its own object, not the one platform now owns.
    stage
        .admin
        .resources(io.capstan.api.kustomize.v1.Kustomization.class)
        .inNamespace(ns)
        .withName("team")
        .delete();
    await().atMost(GitOpsStage.PATIENCE).until(() -> stage.kustomization(ns, "team") == null);
    assertThat(configMap(ns, "two-only")).isNull();
    DeliveryStoryTest.sleep(Duration.ofSeconds(6)); // one platform interval
    assertThat(configMap(ns, "shared")).isNotNull();
    assertThat(configMap(ns, "shared").getMetadata().getUid()).isEqualTo(sharedUid);
    assertThat(describe(stage.condition(ns, "platform", "Ready"))).startsWith("True/");
  }
}
