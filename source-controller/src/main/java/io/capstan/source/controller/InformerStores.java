package io.capstan.source.controller;

import io.capstan.api.source.v1.GitRepository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Informer caches that keep less of each object, because at 1000 GitRepositories the caches are
 * most of the live heap (issue #4).
 *
 * <ul>
 *   <li>{@link #withoutManagedFields()} for the primary cache: objects without {@code
 *       metadata.managedFields} (a nested map per field manager that no reconcile reads), as Flux's
 *       controller-runtime caches do ({@code TransformStripManagedFields}).
 *   <li>{@link #artifactOnly} for the include watch: only name, namespace, resource version and
 *       {@code status.artifact}, all that its update filter and mapper read.
 * </ul>
 */
public final class InformerStores {

  private InformerStores() {}

  /** A full-state store that drops {@code metadata.managedFields} of every object put in it. */
  public static <V extends HasMetadata> ItemStore<V> withoutManagedFields() {
    return new BasicItemStore<V>(Cache::metaNamespaceKeyFunc) {
      @Override
      public V put(String key, V obj) {
        if (obj.getMetadata() != null) {
          obj.getMetadata().setManagedFields(null);
        }
        return super.put(key, obj);
      }
    };
  }

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
