package io.capstan.source.controller;

import io.capstan.api.source.v1.GitRepository;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Informer caches that keep less of each object, because at 1000 GitRepositories the caches are
 * most of the live heap (issue #4). The primary caches use toolkit-runtime's {@link
 * io.capstan.runtime.controller.LeanItemStore#withoutManagedFields()} (objects without {@code
 * metadata.managedFields}); {@link #artifactOnly} is for the include watch: only name, namespace,
 * resource version and {@code status.artifact}, all that its update filter and mapper read.
 */
public final class InformerStores {

  private InformerStores() {}

  /**
   * A store of GitRepositories keeping only their key fields and {@code status.artifact}; objects
   * read from it have nothing else (no spec, no conditions).
   */
  public static ItemStore<GitRepository> artifactOnly(KubernetesSerialization serialization) {
    return new ReducedStateItemStore<>(
        ReducedStateItemStore.NAME_KEY_STATE,
        GitRepository.class,
        serialization,
        "status.artifact");
  }
}
