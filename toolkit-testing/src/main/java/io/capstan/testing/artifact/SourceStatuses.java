package io.capstan.testing.artifact;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flux source's status as source-controller writes it, for tests of the controllers that read
 * sources (helm-controller, kustomize-controller, the cli's build/diff) without running
 * source-controller: the observed generation, {@code Ready=True} and the {@code status.artifact} of
 * an {@link ArtifactHost} publication. Flux's consumers wait for all three (helm-controller's
 * {@code isSourceReady}).
 */
public final class SourceStatuses {

  /** The API version of Flux's source kinds. */
  public static final String SOURCE_API_VERSION = "source.toolkit.fluxcd.io/v1";

  private SourceStatuses() {}

  /**
   * A source's {@code status.artifact} for {@code published}: {@code path} in source-controller's
   * storage, the URL, {@code revision}, the {@code sha256:} digest, the size and now as the update
   * time (RFC 3339, seconds).
   */
  public static Map<String, Object> artifact(
      ArtifactHost.Published published, String path, String revision) {
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("path", path);
    artifact.put("url", published.url());
    artifact.put("revision", revision);
    artifact.put("digest", published.digest());
    artifact.put("size", published.size());
    artifact.put("lastUpdateTime", now());
    return artifact;
  }

  /**
   * Replaces the status of the existing source {@code kind}/{@code namespace}/{@code name} (e.g.
   * {@code HelmChart}, {@code OCIRepository}) by a ready one: its generation observed, {@code
   * Ready=True} with reason {@code Succeeded} and {@code message}, and {@code artifact}.
   */
  public static void markReady(
      KubernetesClient client,
      String kind,
      String namespace,
      String name,
      String message,
      Map<String, Object> artifact) {
    client
        .genericKubernetesResources(SOURCE_API_VERSION, kind)
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            r -> {
              r.getAdditionalProperties()
                  .put(
                      "status",
                      Map.of(
                          "observedGeneration",
                          r.getMetadata().getGeneration(),
                          "conditions",
                          List.of(
                              Map.of(
                                  "type",
                                  "Ready",
                                  "status",
                                  "True",
                                  "reason",
                                  "Succeeded",
                                  "message",
                                  message,
                                  "lastTransitionTime",
                                  now())),
                          "artifact",
                          artifact));
              return r;
            });
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
