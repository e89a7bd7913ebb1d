package io.capstan.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.Kustomizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The repository's {@code deploy/} tree as the tests see it: located, built by our engine. */
final class DeployTree {

  private static List<ObjectNode> built;

  private DeployTree() {}

  /**
   * The repository root: {@code -Dcapstan.repository.root} (set by surefire) or a parent of cwd.
   */
  static Path root() {
    String property = System.getProperty("capstan.repository.root");
    if (property != null && Files.exists(Path.of(property, "deploy/kustomization.yaml"))) {
      return Path.of(property);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("deploy/kustomization.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no deploy/kustomization.yaml above " + Path.of("").toAbsolutePath());
  }

  static Path dir() {
    return root().resolve("deploy");
  }

  /** What {@code kustomize build deploy/} gives, built once per JVM by the pure-Java engine. */
  static synchronized List<ObjectNode> objects() {
    if (built == null) {
      built = List.copyOf(Kustomizer.create().build(dir()));
    }
    return built;
  }

  static List<ObjectNode> ofKind(String kind) {
    return objects().stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  static ObjectNode one(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError("deploy/ builds no " + kind + " " + name));
  }

  static Optional<ObjectNode> find(String kind, String name) {
    return ofKind(kind).stream()
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst();
  }

  /** The single container of a controller's Deployment. */
  static JsonNode container(String deployment) {
    JsonNode containers = one("Deployment", deployment).at("/spec/template/spec/containers");
    if (containers.size() != 1) {
      throw new AssertionError(deployment + " has " + containers.size() + " containers");
    }
    return containers.get(0);
  }
}
