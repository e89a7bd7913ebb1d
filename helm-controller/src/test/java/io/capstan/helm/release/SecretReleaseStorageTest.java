package io.capstan.helm.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.testing.kube.KubeNamespace;
import io.capstan.testing.kube.WithKubernetes;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithKubernetes
class SecretReleaseStorageTest {
  private static Release rel(String name, int version, ReleaseStatus status) {
    return new Release()
        .name(name)
        .namespace("apps")
        .version(version)
        .info(new Info().status(status).description("d" + version));
  }

  @Test
  @DisplayName("create/get/update/delete use Helm's Secret name, type and labels")
  void crud(KubernetesClient client, KubeNamespace ns) {
    SecretReleaseStorage s = new SecretReleaseStorage(client, ns.name());
    s.create(rel("app", 1, ReleaseStatus.PENDING_INSTALL).labels(Map.of("team", "blue")));
    Secret secret =
        client.secrets().inNamespace(ns.name()).withName("sh.helm.release.v1.app.v1").get();
    assertThat(secret.getType()).isEqualTo("helm.sh/release.v1");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("name", "app")
        .containsEntry("owner", "helm")
        .containsEntry("status", "pending-install")
        .containsEntry("version", "1")
        .containsEntry("team", "blue")
        .containsKey("createdAt");
    assertThatThrownBy(() -> s.create(rel("app", 1, ReleaseStatus.DEPLOYED)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("already exists");

    Release r = s.get("app", 1).orElseThrow();
    assertThat(r.labels()).isEqualTo(Map.of("team", "blue"));
    r.info().status(ReleaseStatus.DEPLOYED);
    s.update(r);
    secret = client.secrets().inNamespace(ns.name()).withName("sh.helm.release.v1.app.v1").get();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("status", "deployed")
        .containsKey("modifiedAt");
    assertThat(s.get("app", 1).orElseThrow().status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThatThrownBy(() -> s.update(rel("app", 9, ReleaseStatus.DEPLOYED)))
        .isInstanceOf(StorageException.class);

    assertThat(s.delete("app", 1)).map(Release::version).contains(1);
    assertThat(s.get("app", 1)).isEmpty();
    assertThat(s.delete("app", 1)).isEmpty();
  }

  @Test
  @DisplayName(
      "history is sorted by version; last and deployed as Helm; other releases and bad records ignored")
  void historyLastDeployed(KubernetesClient client, KubeNamespace ns) {
    SecretReleaseStorage s = new SecretReleaseStorage(client, ns.name());
    s.create(rel("app", 3, ReleaseStatus.FAILED));
    s.create(rel("app", 1, ReleaseStatus.SUPERSEDED));
    s.create(rel("app", 2, ReleaseStatus.DEPLOYED));
    s.create(rel("other", 1, ReleaseStatus.DEPLOYED));
    client
        .secrets()
        .inNamespace(ns.name())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sh.helm.release.v1.app.v4")
                .withLabels(Map.of("name", "app", "owner", "helm", "version", "4"))
                .endMetadata()
                .withType("helm.sh/release.v1")
                .withData(Map.of("release", "Z2FyYmFnZQ=="))
                .build())
        .create();
    assertThat(s.history("app")).extracting(Release::version).containsExactly(1, 2, 3);
    assertThat(s.last("app")).map(Release::version).contains(3);
    assertThat(s.deployed("app")).map(Release::version).contains(2);
    assertThat(s.history("none")).isEmpty();
    assertThat(s.last("none")).isEmpty();
    assertThatThrownBy(() -> s.get("app", 4)).isInstanceOf(StorageException.class);
  }

  @Test
  @DisplayName("pruneHistory keeps the newest N and never the last deployed revision")
  void prune(KubernetesClient client, KubeNamespace ns) {
    SecretReleaseStorage s = new SecretReleaseStorage(client, ns.name());
    s.create(rel("app", 1, ReleaseStatus.SUPERSEDED));
    s.create(rel("app", 2, ReleaseStatus.DEPLOYED));
    s.create(rel("app", 3, ReleaseStatus.FAILED));
    s.create(rel("app", 4, ReleaseStatus.FAILED));
    s.create(rel("app", 5, ReleaseStatus.FAILED));
    s.pruneHistory("app", 2);
    assertThat(s.history("app")).extracting(Release::version).containsExactly(2, 5);
    s.pruneHistory("app", 0);
    assertThat(s.history("app")).hasSize(2);
  }

  @Test
  @DisplayName(
      "remembering: one LIST per release until a write or the end of the scope; fresh objects"
          + " on every read")
  void rememberingHistory(KubernetesClient client, KubeNamespace ns) {
    SecretReleaseStorage s = new SecretReleaseStorage(client, ns.name());
    s.create(rel("app", 1, ReleaseStatus.DEPLOYED));
    // a writer the storage does not see (the helm CLI, another client)
    SecretReleaseStorage other = new SecretReleaseStorage(client, ns.name());

    try (SecretReleaseStorage.Remembered scope = s.remembering("app")) {
      assertThat(s.history("app")).extracting(Release::version).containsExactly(1);
      other.create(rel("app", 2, ReleaseStatus.PENDING_UPGRADE));
      // remembered: the other writer's revision is not listed again within the scope
      assertThat(s.last("app")).map(Release::version).contains(1);
      // every read decodes its own objects: changing one does not change the next read
      s.history("app").get(0).info().status(ReleaseStatus.FAILED);
      assertThat(s.deployed("app")).map(Release::version).contains(1);
      // a write through this storage lists again
      Release first = s.get("app", 1).orElseThrow();
      first.info().status(ReleaseStatus.SUPERSEDED);
      s.update(first);
      assertThat(s.history("app")).extracting(Release::version).containsExactly(1, 2);
      other.create(rel("app", 3, ReleaseStatus.PENDING_UPGRADE));
      s.forget("app");
      assertThat(s.last("app")).map(Release::version).contains(3);
      // other release names are not remembered
      s.create(rel("web", 1, ReleaseStatus.DEPLOYED));
      s.history("web");
      other.create(rel("web", 2, ReleaseStatus.DEPLOYED));
      assertThat(s.last("web")).map(Release::version).contains(2);
    }
    other.create(rel("app", 4, ReleaseStatus.PENDING_UPGRADE));
    assertThat(s.last("app")).map(Release::version).contains(4);
  }

  @Test
  @DisplayName(
      "update replaces the Secret as Helm does (another writer's annotation dropped), createdAt"
          + " kept")
  void updateAfterAnotherWriter(KubernetesClient client, KubeNamespace ns) {
    SecretReleaseStorage s = new SecretReleaseStorage(client, ns.name());
    s.create(rel("app", 1, ReleaseStatus.PENDING_INSTALL));
    String createdAt =
        client
            .secrets()
            .inNamespace(ns.name())
            .withName("sh.helm.release.v1.app.v1")
            .get()
            .getMetadata()
            .getLabels()
            .get("createdAt");
    client
        .secrets()
        .inNamespace(ns.name())
        .withName("sh.helm.release.v1.app.v1")
        .edit(
            x ->
                new SecretBuilder(x)
                    .editMetadata()
                    .addToAnnotations("x", "y")
                    .endMetadata()
                    .build());

    s.update(rel("app", 1, ReleaseStatus.DEPLOYED));

    Secret secret =
        client.secrets().inNamespace(ns.name()).withName("sh.helm.release.v1.app.v1").get();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("status", "deployed")
        .containsEntry("createdAt", createdAt);
    assertThat(secret.getMetadata().getAnnotations()).doesNotContainKey("x");
    assertThat(s.get("app", 1).orElseThrow().status()).isEqualTo(ReleaseStatus.DEPLOYED);
  }
}
