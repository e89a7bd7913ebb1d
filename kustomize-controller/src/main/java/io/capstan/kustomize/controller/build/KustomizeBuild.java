package io.capstan.kustomize.controller.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.api.kustomize.v1.Kustomization;
import io.capstan.kustomize.controller.KustomizationConditions;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.Kustomizer;
import io.capstan.kustomize.engine.remote.RemoteLoading;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.ReconcileError;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The build of a Kustomization's objects from its extracted artifact, in Flux's order:
 *
 * <ol>
 *   <li>{@code spec.path} resolved inside the artifact ({@link BuildPath});
 *   <li>the overlay: a generated {@code kustomization.yaml} when the directory has none, and the
 *       spec's {@code targetNamespace}, {@code namePrefix}, {@code patches}, {@code images}, {@code
 *       components}, ... written into it ({@link KustomizationOverlay});
 *   <li>each {@link BuildExtension}'s {@code prepareSourceTree};
 *   <li>{@code kustomize build} (the pure-Java {@code kustomize-engine});
 *   <li>each {@link BuildExtension}'s {@code postProcess};
 *   <li>post-build substitution ({@link PostBuildVariables}) and {@code commonMetadata} ({@link
 *       CommonMetadataTransformer}).
 * </ol>
 *
 * Every failure is {@code BuildFailed} (a Warning event, retried after the retry interval), named
 * relative to the artifact, and nothing is applied.
 */
public final class KustomizeBuild {

  private final KubernetesClient client;
  private final boolean strictPostBuildSubstitutions;
  private final List<BuildExtension> extensions;
  private final Kustomizer kustomizer;

  /**
   * A build reading {@code substituteFrom} sources with {@code client}.
   *
   * @param strictPostBuildSubstitutions Flux's {@code StrictPostBuildSubstitutions} feature gate
   * @param extensions run in order at both hook points
   */
  public KustomizeBuild(
      KubernetesClient client,
      boolean strictPostBuildSubstitutions,
      List<BuildExtension> extensions) {
    this(client, strictPostBuildSubstitutions, extensions, false);
  }

  /**
   * As {@link #KustomizeBuild(KubernetesClient, boolean, List)}; with {@code noRemoteBases} (Flux's
   * {@code --no-remote-bases}) a Git repository in {@code resources} or {@code components} fails
   * the build without being cloned, while single files over HTTP(S) still load, as in Flux.
   * Otherwise remote bases are cloned (JGit, depth 1, once per build) with kustomize's defaults.
   */
  public KustomizeBuild(
      KubernetesClient client,
      boolean strictPostBuildSubstitutions,
      List<BuildExtension> extensions,
      boolean noRemoteBases) {
    this.client = Objects.requireNonNull(client, "client");
    this.strictPostBuildSubstitutions = strictPostBuildSubstitutions;
    this.extensions = List.copyOf(extensions);
    this.kustomizer =
        Kustomizer.create(
            Kustomizer.Options.defaults()
                .withRemote(
                    noRemoteBases ? RemoteLoading.noRemoteBases() : RemoteLoading.enabled()));
  }

  /**
   * The objects {@code k} puts on the cluster, built from the artifact extracted at {@code root}.
   *
   * @param secretValues takes every value read from a Secret (to be redacted from messages)
   * @throws ReconcileError.Waiting {@code BuildFailed} (Warning event) when any part fails
   */
  public List<JsonNode> build(Kustomization k, Path root, Consumer<String> secretValues) {
    return build(k, root, secretValues, List.of());
  }

  /**
   * As {@link #build(Kustomization, Path, Consumer)}, with {@code runExtensions} (built for this
   * one reconcile, e.g. SOPS decryption with the Kustomization's keys) run before the build's own
   * extensions at both hook points.
   */
  public List<JsonNode> build(
      Kustomization k,
      Path root,
      Consumer<String> secretValues,
      List<BuildExtension> runExtensions) {
    return buildOutput(k, root, secretValues, runExtensions).objects();
  }

  /**
   * The objects to apply and the digest Flux records in {@code status.history}: as {@link
   * #build(Kustomization, Path, Consumer, List)}, plus {@link #digest} of the build before {@code
   * commonMetadata} (which Flux adds at apply time, after digesting).
   */
  public Output buildOutput(
      Kustomization k,
      Path root,
      Consumer<String> secretValues,
      List<BuildExtension> runExtensions) {
    List<BuildExtension> all = new ArrayList<>(runExtensions);
    all.addAll(extensions);
    List<JsonNode> built = kustomize(k, root, secretValues, all);
    List<JsonNode> substituted = substitute(k, built, secretValues);
    String digest = digest(substituted);
    return new Output(
        CommonMetadataTransformer.apply(substituted, k.getSpec().getCommonMetadata()), digest);
  }

  /**
   * A build's result.
   *
   * @param objects the objects to apply, in build order
   * @param digest {@code sha256:<hex>} of the build output as Flux digests it
   */
  public record Output(List<JsonNode> objects, String digest) {
    public Output {
      objects = List.copyOf(objects);
      Objects.requireNonNull(digest, "digest");
    }
  }

  /**
   * Flux's history digest of a build: {@code sha256:<hex>} of the multi-document YAML {@code
   * kustomize build} prints for {@code objects} (kustomize's {@code ResMap.AsYaml()}, after SOPS
   * decryption and post-build substitution), so the same build gets the same digest under Flux's
   * kustomize-controller and Capstan's and switching controllers keeps the history.
   */
  public static String digest(List<JsonNode> objects) {
    List<ObjectNode> nodes = new ArrayList<>(objects.size());
    for (JsonNode object : objects) {
      nodes.add((ObjectNode) object);
    }
    byte[] yaml = Kustomizer.render(nodes).getBytes(StandardCharsets.UTF_8);
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(yaml));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private List<JsonNode> kustomize(
      Kustomization k, Path root, Consumer<String> secretValues, List<BuildExtension> extensions) {
    // A path outside the artifact or missing is not a build failure: it fails the reconcile as a
    // generic error (retried with backoff), as before the build was a step of its own.
    Path dir = BuildPath.resolve(root, k.getSpec().getPath());
    try {
      KustomizationOverlay.prepare(dir, k.getSpec());
      BuildRequest request = new BuildRequest(k, root, dir, secretValues);
      for (BuildExtension extension : extensions) {
        extension.prepareSourceTree(request);
      }
      List<ObjectNode> objects = kustomizer.build(dir);
      List<JsonNode> built = new ArrayList<>(objects);
      for (BuildExtension extension : extensions) {
        built = extension.postProcess(request, built);
      }
      return built;
    } catch (KustomizeException | IOException | IllegalArgumentException e) {
      // Name files relative to the artifact, not the temporary directory it was extracted to.
      String message = String.valueOf(e.getMessage()).replace(root.toString() + "/", "");
      throw failed("kustomize build failed: " + message);
    }
  }

  private List<JsonNode> substitute(
      Kustomization k, List<JsonNode> objects, Consumer<String> secretValues) {
    try {
      return PostBuildVariables.substitute(
          client, k, objects, strictPostBuildSubstitutions, secretValues);
    } catch (IOException e) {
      throw failed(e.getMessage());
    } catch (RuntimeException e) {
      throw failed("post-build substitution failed: " + e.getMessage());
    }
  }

  private static ReconcileError failed(String message) {
    return new ReconcileError.Waiting(KustomizationConditions.BUILD_FAILED, message)
        .withEvent(EventType.WARNING);
  }
}
