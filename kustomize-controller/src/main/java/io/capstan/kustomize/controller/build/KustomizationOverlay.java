package io.capstan.kustomize.controller.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.api.common.Image;
import io.capstan.api.common.Patch;
import io.capstan.api.kustomize.v1.KustomizationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Prepares a directory of an extracted artifact for a build, as Flux's kustomize-controller does:
 * generates a {@code kustomization.yaml} when the directory has none, then writes the
 * Kustomization's {@code targetNamespace}, {@code namePrefix}, {@code nameSuffix}, {@code patches},
 * {@code images}, {@code components} (appended; with {@code ignoreMissingComponents} those whose
 * path does not exist relative to the directory are dropped) and {@code buildMetadata} (replacing
 * the file's own list) into it.
 */
final class KustomizationOverlay {

  /** The file names kustomize accepts, in its lookup order. */
  static final List<String> FILE_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

  static {
    YAML.setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  private KustomizationOverlay() {}

  /** The kustomization file of {@code dir}, if it has one. */
  static Optional<Path> kustomizationFile(Path dir) {
    return FILE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
  }

  /**
   * Makes {@code dir} buildable with the spec's overrides applied; returns the kustomization file
   * written.
   */
  static Path prepare(Path dir, KustomizationSpec spec) throws IOException {
    Optional<Path> existing = kustomizationFile(dir);
    if (existing.isPresent() && !overrides(spec)) {
      return existing.get(); // left byte for byte as the source has it
    }
    Path file = existing.orElse(dir.resolve("kustomization.yaml"));
    ObjectNode kustomization = existing.isPresent() ? readObject(file) : generate(dir);
    if (notEmpty(spec.getTargetNamespace())) {
      kustomization.put("namespace", spec.getTargetNamespace());
    }
    if (notEmpty(spec.getNamePrefix())) {
      kustomization.put("namePrefix", spec.getNamePrefix());
    }
    if (notEmpty(spec.getNameSuffix())) {
      kustomization.put("nameSuffix", spec.getNameSuffix());
    }
    if (spec.getPatches() != null) {
      ArrayNode patches = array(kustomization, "patches");
      for (Patch patch : spec.getPatches()) {
        ObjectNode entry = patches.addObject();
        entry.put("patch", patch.getPatch());
        if (patch.getTarget() != null) {
          entry.set("target", YAML.valueToTree(patch.getTarget()));
        }
      }
    }
    if (spec.getImages() != null) {
      ArrayNode images = array(kustomization, "images");
      for (Image image : spec.getImages()) {
        images.add((JsonNode) YAML.valueToTree(image));
      }
    }
    List<String> components = components(dir, spec);
    if (!components.isEmpty()) {
      ArrayNode list = array(kustomization, "components");
      components.forEach(list::add);
    }
    if (spec.getBuildMetadata() != null && !spec.getBuildMetadata().isEmpty()) {
      ArrayNode options = kustomization.putArray("buildMetadata");
      spec.getBuildMetadata().forEach(option -> options.add(option.name()));
    }
    Files.writeString(file, YAML.writeValueAsString(kustomization));
    return file;
  }

  /**
   * The spec's components to add; with {@code ignoreMissingComponents} only those that exist
   * relative to {@code dir} (Flux checks the path with {@code os.Stat}, so a file or a directory).
   */
  static List<String> components(Path dir, KustomizationSpec spec) {
    if (spec.getComponents() == null) {
      return List.of();
    }
    if (!Boolean.TRUE.equals(spec.getIgnoreMissingComponents())) {
      return spec.getComponents();
    }
    return spec.getComponents().stream()
        .filter(component -> Files.exists(dir.resolve(component).normalize()))
        .toList();
  }

  /**
   * A kustomization listing the manifests of {@code dir} as Flux's generator does: every YAML file
   * holding Kubernetes objects, recursively, except that a sub-directory with its own kustomization
   * file is listed as one resource and not descended into.
   */
  static ObjectNode generate(Path dir) throws IOException {
    ObjectNode kustomization = YAML.createObjectNode();
    kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    kustomization.put("kind", "Kustomization");
    ArrayNode resources = kustomization.putArray("resources");
    for (String resource : resources(dir, dir)) {
      resources.add(resource);
    }
    return kustomization;
  }

  private static List<String> resources(Path root, Path dir) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted().toList();
    }
    for (Path child : children) {
      String relative = root.relativize(child).toString().replace('\\', '/');
      if (Files.isDirectory(child)) {
        if (kustomizationFile(child).isPresent()) {
          found.add(relative);
        } else {
          found.addAll(resources(root, child));
        }
      } else if (isManifest(child)) {
        found.add(relative);
      }
    }
    return found;
  }

  /**
   * Whether a file is a YAML file with Kubernetes objects; files that do not parse are kept so the
   * build reports them with their name and line.
   */
  private static boolean isManifest(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (!(name.endsWith(".yaml") || name.endsWith(".yml"))) {
      return false;
    }
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      var docs = YAML.readValues(parser, JsonNode.class);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.has("apiVersion") && doc.has("kind")) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static ObjectNode readObject(Path file) throws IOException {
    JsonNode node = YAML.readTree(file.toFile());
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw new IOException(file.getFileName() + ": a kustomization must be a YAML map");
  }

  private static ArrayNode array(ObjectNode parent, String field) {
    JsonNode node = parent.get(field);
    return node instanceof ArrayNode a ? a : parent.putArray(field);
  }

  private static boolean overrides(KustomizationSpec spec) {
    return notEmpty(spec.getTargetNamespace())
        || notEmpty(spec.getNamePrefix())
        || notEmpty(spec.getNameSuffix())
        || spec.getPatches() != null
        || spec.getImages() != null
        || spec.getComponents() != null
        || (spec.getBuildMetadata() != null && !spec.getBuildMetadata().isEmpty());
  }

  private static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
