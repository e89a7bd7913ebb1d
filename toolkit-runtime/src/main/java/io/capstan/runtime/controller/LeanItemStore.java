package io.capstan.runtime.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * Informer caches that keep less of each object (issue #19, memory): at 1000 objects the caches are
 * a large part of a controller's live heap.
 */
public final class LeanItemStore {

  private LeanItemStore() {}

  /**
   * A full-state store that drops {@code metadata.managedFields} of every object put in it (a
   * nested map per field manager that no reconcile reads from a cache), as Flux's
   * controller-runtime caches do ({@code TransformStripManagedFields}). Objects read from it have
   * {@code managedFields} null; read the live object when they are needed.
   */
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
}
