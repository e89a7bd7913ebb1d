package io.capstan.kustomize.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.kustomization.Build;
import io.capstan.kustomize.engine.yaml.YamlWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of the engine: {@code kustomize build} of a directory in pure Java.
 *
 * <pre>{@code
 * List<ObjectNode> objects = Kustomizer.create().build(Path.of("overlays/prod"));
 * String yaml = Kustomizer.render(objects);
 * }</pre>
 *
 * <p>Builds are independent and thread-safe; a Kustomizer holds only its options.
 */
public final class Kustomizer {
  private final Options options;

  /** Build options. {@code rootOnly}: files may only be read from within their kustomization. */
  public record Options(boolean rootOnly) {
    /** kustomize's defaults: load restriction root-only, no remote loading. */
    public static Options defaults() {
      return new Options(true);
    }
  }

  private Kustomizer(Options options) {
    this.options = options;
  }

  /** A Kustomizer with default options. */
  public static Kustomizer create() {
    return new Kustomizer(Options.defaults());
  }

  /** A Kustomizer with the given options. */
  public static Kustomizer create(Options options) {
    return new Kustomizer(options);
  }

  /**
   * Builds the kustomization in {@code dir} and returns the resulting objects in kustomize's output
   * order.
   *
   * @throws KustomizeException with a user-facing message when the input is invalid
   */
  public List<ObjectNode> build(Path dir) {
    return Build.run(dir, options.rootOnly());
  }

  /**
   * Renders objects as a multi-document YAML stream exactly as {@code kustomize build} prints.
   *
   * @throws KustomizeException for values kustomize cannot print either (infinities, NaN)
   */
  public static String render(List<ObjectNode> objects) {
    return YamlWriter.writeAll(objects);
  }
}
