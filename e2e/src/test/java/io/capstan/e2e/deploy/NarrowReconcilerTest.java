package io.capstan.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.api.meta.Condition;
import io.capstan.kustomize.controller.KustomizeController;
import io.capstan.local.kube.KubeControlPlane;
import io.capstan.runtime.kube.TolerantSerialization;
import io.capstan.source.SourceController;
import io.capstan.testing.git.GitHttpServer;
import io.capstan.testing.git.TestGitRepository;
import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented way to narrow kustomize-controller: its own ClusterRole from deploy/ ({@code
 * capstan-kustomize-controller}) plus a Role for what Git may create, instead of the cluster-admin
 * binding. Both controllers run as impersonated ServiceAccounts and talk only through the API
 * server: GitRepository artifact → Kustomization applies a ConfigMap; a commit adding a Secret is
 * refused by the API server and reported, the applied revision kept.
 */
@WithKubernetes(cluster = true)
class NarrowReconcilerTest {

  static final String NARROW = "kustomize-narrow";

  @TempDir static Path root;

  @BeforeAll
  static void install(KubernetesClient admin) {
    DeployInstall.apply(admin);
  }

  @Test
  @DisplayName(
      "kustomize-controller with only its own ClusterRole + a ConfigMap Role applies a ConfigMap"
          + " from Git and is refused a Secret")
  void narrowReconciler(KubeControlPlane plane, KubernetesClient admin, KubeNamespace namespace)
      throws Exception {
    String ns = namespace.name();
    String binding = "e2e-" + NARROW + "-" + ns;
    for (String yaml : narrowRbac(ns, binding)) {
      admin
          .resource(
              admin.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class))
          .create();
    }
    try (TestGitRepository repo = TestGitRepository.create(root.resolve("app.git"));
        GitHttpServer http = GitHttpServer.builder().start();
        KubernetesClient asSource = DeployRbacTest.impersonating(plane, "source-controller");
        KubernetesClient asKustomize =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder(plane.clientConfig(null))
                        .withImpersonateUsername(DeployRbacTest.user(NARROW))
                        .withImpersonateGroups(DeployRbacTest.groups().toArray(String[]::new))
                        .build())
                .withKubernetesSerialization(TolerantSerialization.create())
                .build();
        SourceController source =
            SourceController.builder()
                .client(asSource)
                .options(
                    SourceControllerAsServiceAccountTest.loopbackSource(root.resolve("artifacts")))
                .build()
                .start();
        KustomizeController kustomize =
            KustomizeController.builder().client(asKustomize).concurrency(1).build()) {
      kustomize.start();
      RevCommit first =
          repo.commit(
              "main", "greeting", Map.of("deploy/greeting.yaml", configMap("greeting", "hello")));
      http.serve("app", repo.repository());
      for (String yaml : sourceAndKustomization(http.url("app").toString(), ns)) {
        admin
            .resource(
                admin.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class))
            .inNamespace(ns)
            .create();
      }

      var kustomizations = admin.resources(Kustomization.class).inNamespace(ns);
      await("Kustomization Ready at the first commit")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> ready(kustomizations.withName("app").get()),
              r -> r.filter(c -> c.getStatus() == Condition.Status.True).isPresent());
      assertThat(kustomizations.withName("app").get().getStatus().getLastAppliedRevision())
          .isEqualTo("main@sha1:" + first.name());
      ConfigMap greeting = admin.configMaps().inNamespace(ns).withName("greeting").get();
      assertThat(greeting.getData()).containsEntry("key", "hello");
      assertThat(greeting.getMetadata().getManagedFields())
          .anyMatch(f -> "kustomize-controller".equals(f.getManager()));

      RevCommit second =
          repo.commit(
              "main",
              "a secret",
              Map.of(
                  "deploy/secret.yaml",
                  "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  t: x\n"));
      Condition refused =
          await("Kustomization refused the Secret")
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> ready(kustomizations.withName("app").get()),
                  r ->
                      r.filter(c -> c.getStatus() == Condition.Status.False)
                          .filter(c -> c.getMessage().contains("Secret"))
                          .isPresent())
              .orElseThrow();
      assertThat(refused.getMessage()).containsIgnoringCase("forbidden");
      Kustomization after = kustomizations.withName("app").get();
      assertThat(after.getStatus().getLastAttemptedRevision())
          .isEqualTo("main@sha1:" + second.name());
      assertThat(after.getStatus().getLastAppliedRevision()).isEqualTo("main@sha1:" + first.name());
      assertThat(admin.secrets().inNamespace(ns).withName("token").get()).isNull();
    } finally {
      admin
          .genericKubernetesResources("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")
          .withName(binding)
          .delete();
    }
  }

  static Optional<Condition> ready(Kustomization k) {
    if (k == null || k.getStatus() == null || k.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return k.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }

  static String configMap(String name, String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n  key: %s\n"
        .formatted(name, value);
  }

  /** deploy/'s own kustomize-controller ClusterRole + a Role for ConfigMaps in one namespace. */
  static List<String> narrowRbac(String ns, String binding) {
    return List.of(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: %s
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: capstan-kustomize-controller
        subjects:
          - kind: ServiceAccount
            name: %s
            namespace: flux-system
        """
            .formatted(binding, NARROW),
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: configmaps
          namespace: %s
        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get, list, watch, create, update, patch, delete]
        """
            .formatted(ns),
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: configmaps
          namespace: %s
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: configmaps
        subjects:
          - kind: ServiceAccount
            name: %s
            namespace: flux-system
        """
            .formatted(ns, NARROW));
  }

  static List<String> sourceAndKustomization(String url, String ns) {
    return List.of(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: app
        spec:
          interval: 2s
          url: %s
          ref:
            branch: main
        """
            .formatted(url),
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app
        spec:
          interval: 1m
          retryInterval: 2s
          path: ./deploy
          prune: true
          targetNamespace: %s
          sourceRef:
            kind: GitRepository
            name: app
        """
            .formatted(ns));
  }
}
