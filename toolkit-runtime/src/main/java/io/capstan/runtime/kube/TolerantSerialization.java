package io.capstan.runtime.kube;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The JSON (de)serialization a controller should read Flux objects with: an enum value this version
 * does not know (allowed by a newer CRD) reads as {@code null} instead of failing the whole object,
 * which would break every list and watch of the kind (see toolkit-api's README, "unknown enum
 * values"). Such a value is kept on the server as long as the controller only patches (status,
 * finalizers), which is all the runtime does.
 *
 * <pre>{@code
 * KubernetesClient client =
 *     new KubernetesClientBuilder().withKubernetesSerialization(TolerantSerialization.create()).build();
 * }</pre>
 */
public final class TolerantSerialization {

  private TolerantSerialization() {}

  /** A fresh serialization that maps unknown enum values to {@code null}. */
  public static KubernetesSerialization create() {
    return new KubernetesSerialization(
        new ObjectMapper().enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL), true);
  }
}
