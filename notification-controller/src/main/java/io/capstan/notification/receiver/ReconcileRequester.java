package io.capstan.notification.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.api.notification.v1.CrossNamespaceObjectReference;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Requests a reconcile of a Receiver's resources the way Flux does: a merge patch setting {@code
 * reconcile.fluxcd.io/requestedAt} to now, for one named resource or, with name {@code *}, every
 * resource of the kind carrying all {@code matchLabels} in the namespace (the Receiver's unless
 * set). {@code apiVersion} defaults to the kind's Flux API version.
 */
public final class ReconcileRequester {

  /** Flux's reconcile request annotation. */
  public static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

  /** The API version used for each kind when a resource names none. */
  public static final Map<String, String> DEFAULT_API_VERSIONS =
      Map.ofEntries(
          Map.entry("Bucket", "source.toolkit.fluxcd.io/v1"),
          Map.entry("GitRepository", "source.toolkit.fluxcd.io/v1"),
          Map.entry("HelmChart", "source.toolkit.fluxcd.io/v1"),
          Map.entry("HelmRepository", "source.toolkit.fluxcd.io/v1"),
          Map.entry("OCIRepository", "source.toolkit.fluxcd.io/v1"),
          Map.entry("ExternalArtifact", "source.toolkit.fluxcd.io/v1"),
          Map.entry("Kustomization", "kustomize.toolkit.fluxcd.io/v1"),
          Map.entry("HelmRelease", "helm.toolkit.fluxcd.io/v2"),
          Map.entry("ImageRepository", "image.toolkit.fluxcd.io/v1"),
          Map.entry("ImagePolicy", "image.toolkit.fluxcd.io/v1"),
          Map.entry("ImageUpdateAutomation", "image.toolkit.fluxcd.io/v1"),
          Map.entry("ArtifactGenerator", "source.extensions.fluxcd.io/v1beta1"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Clock clock;

  /** Patches through {@code client}. */
  public ReconcileRequester(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The resources {@code ref} selects, read from the API server. */
  public List<GenericKubernetesResource> select(
      CrossNamespaceObjectReference ref, String receiverNamespace) {
    String namespace =
        ref.getNamespace() == null || ref.getNamespace().isEmpty()
            ? receiverNamespace
            : ref.getNamespace();
    String kind = ref.getKind().name();
    String apiVersion =
        ref.getApiVersion() == null || ref.getApiVersion().isEmpty()
            ? DEFAULT_API_VERSIONS.get(kind)
            : ref.getApiVersion();
    if (apiVersion == null) {
      throw new IllegalArgumentException("apiVersion must be specified for kind '" + kind + "'");
    }
    var resources = client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace);
    if ("*".equals(ref.getName())) {
      if (ref.getMatchLabels() == null) {
        throw new IllegalArgumentException(
            "matchLabels field not set when using wildcard '*' as name");
      }
      return new ArrayList<>(resources.withLabels(ref.getMatchLabels()).list().getItems());
    }
    GenericKubernetesResource one = resources.withName(ref.getName()).get();
    if (one == null) {
      throw new IllegalArgumentException(
          "unable to read " + kind + " '" + namespace + "/" + ref.getName() + "': not found");
    }
    return List.of(one);
  }

  /** Sets {@code reconcile.fluxcd.io/requestedAt} on {@code resource}; returns the value set. */
  public String request(GenericKubernetesResource resource) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    var node = JSON.createObjectNode();
    node.putObject("metadata").putObject("annotations").put(REQUESTED_AT, now);
    client
        .genericKubernetesResources(resource.getApiVersion(), resource.getKind())
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), node.toString());
    return now;
  }

  /** The {@code res} value of a resource filter: apiVersion, kind and metadata. */
  public static JsonNode filterView(GenericKubernetesResource resource) {
    var node = JSON.createObjectNode();
    node.put("apiVersion", resource.getApiVersion());
    node.put("kind", resource.getKind());
    node.set("metadata", JSON.valueToTree(resource.getMetadata()));
    return node;
  }
}
