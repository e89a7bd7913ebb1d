package io.capstan.helm.controller.postrender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.common.Image;
import io.capstan.api.common.Patch;
import io.capstan.api.helm.v2.KustomizePostRenderer;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.PostRenderer;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.Kustomizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Flux's {@code postrender/kustomize.go}: the rendered manifests become the single resource {@code
 * helm-output.yaml} of a kustomization carrying the post-renderer's {@code patches} and {@code
 * images}, built with kustomize-engine (in a private temporary directory, no remote bases).
 */
public final class KustomizePostRender implements PostRenderer {
  private static final YAMLMapper YAML = new YAMLMapper();
  static final String INPUT = "helm-output.yaml";

  private final KustomizePostRenderer spec;

  public KustomizePostRender(KustomizePostRenderer spec) {
    this.spec = spec;
  }

  @Override
  public String render(String manifest) throws ActionException {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("helm-postrender");
      Files.writeString(dir.resolve(INPUT), manifest);
      ObjectNode k = YAML.createObjectNode();
      k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
      k.put("kind", "Kustomization");
      k.putArray("resources").add(INPUT);
      if (spec.getPatches() != null && !spec.getPatches().isEmpty()) {
        ArrayNode patches = k.putArray("patches");
        for (Patch p : spec.getPatches()) {
          ObjectNode entry = patches.addObject();
          entry.put("patch", p.getPatch());
          if (p.getTarget() != null) {
            entry.set("target", YAML.valueToTree(p.getTarget()));
          }
        }
      }
      if (spec.getImages() != null && !spec.getImages().isEmpty()) {
        ArrayNode images = k.putArray("images");
        for (Image image : spec.getImages()) {
          images.add((JsonNode) YAML.valueToTree(image));
        }
      }
      Files.writeString(dir.resolve("kustomization.yaml"), YAML.writeValueAsString(k));
      return Kustomizer.render(Kustomizer.create(new Kustomizer.Options(true)).build(dir));
    } catch (KustomizeException e) {
      throw new ActionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ActionException("kustomize post-renderer: " + e.getMessage(), e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temporary directory
    }
  }
}
