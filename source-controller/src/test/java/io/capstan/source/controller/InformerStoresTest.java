package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositorySpec;
import io.capstan.api.source.v1.GitRepositoryStatus;
import io.capstan.runtime.controller.LeanItemStore;
import io.capstan.runtime.kube.TolerantSerialization;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InformerStoresTest {

  @Test
  @DisplayName("the primary cache keeps objects without managedFields, everything else intact")
  void withoutManagedFields() {
    ItemStore<GitRepository> store = LeanItemStore.withoutManagedFields();
    GitRepository repo = repository("a");

    store.put(store.getKey(repo), repo);

    GitRepository cached = store.get("apps/a");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getSpec().getUrl()).isEqualTo("http://git/a");
    assertThat(cached.getStatus().getArtifact().getRevision()).isEqualTo("main@sha1:abc");
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("the include watch cache keeps the key and status.artifact, and drops the spec")
  void artifactOnly() {
    ItemStore<GitRepository> store = InformerStores.artifactOnly(TolerantSerialization.create());
    GitRepository repo = repository("b");

    store.put(store.getKey(repo), repo);

    GitRepository cached = store.get(store.getKey(repo));
    assertThat(cached.getMetadata().getName()).isEqualTo("b");
    assertThat(cached.getMetadata().getNamespace()).isEqualTo("apps");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getStatus().getArtifact()).isEqualTo(repo.getStatus().getArtifact());
    assertThat(cached.getSpec()).isNull();
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
  }

  private static GitRepository repository(String name) {
    GitRepository repo = new GitRepository();
    repo.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("apps")
            .withResourceVersion("7")
            .withManagedFields(
                List.of(
                    new ManagedFieldsEntryBuilder()
                        .withManager("kubectl")
                        .withOperation("Update")
                        .build()))
            .build());
    GitRepositorySpec spec = new GitRepositorySpec();
    spec.setUrl("http://git/" + name);
    repo.setSpec(spec);
    GitRepositoryStatus status = new GitRepositoryStatus();
    Artifact artifact = new Artifact();
    artifact.setRevision("main@sha1:abc");
    artifact.setDigest("sha256:def");
    artifact.setUrl("http://storage/" + name + ".tar.gz");
    artifact.setSize(42L);
    status.setArtifact(artifact);
    repo.setStatus(status);
    return repo;
  }
}
