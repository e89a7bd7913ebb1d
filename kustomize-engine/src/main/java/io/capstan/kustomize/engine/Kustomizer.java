package io.capstan.kustomize.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.kustomize.engine.kustomization.Build;
import io.capstan.kustomize.engine.remote.RemoteLoading;
import io.capstan.kustomize.engine.remote.RepoSpec;
import io.capstan.kustomize.engine.yaml.YamlWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

  /**
   * Build options.
   *
   * @param rootOnly files may only be read from within their kustomization
   * @param remote what may be fetched from the network (HTTP(S) files, Git repositories) and the
   *     bounds on it
   */
  public record Options(boolean rootOnly, RemoteLoading remote) {
    /** Checks the options. */
    public Options {
      Objects.requireNonNull(remote, "remote");
    }

    /** The load restriction with kustomize's remote loading ({@link RemoteLoading#enabled()}). */
    public Options(boolean rootOnly) {
      this(rootOnly, RemoteLoading.enabled());
    }

    /** kustomize's defaults: load restriction root-only, remote files and bases allowed. */
    public static Options defaults() {
      return new Options(true);
    }

    /** The same with other remote loading. */
    public Options withRemote(RemoteLoading remote) {
      return new Options(rootOnly, remote);
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
    return Build.run(dir, options.rootOnly(), options.remote());
  }

  /**
   * Builds {@code target} as {@code kustomize build TARGET} does: a local directory, or, when no
   * such directory exists and it is a Git repository URL ({@code
   * https://host/org/repo//path?ref=v1}, {@code git@host:org/repo}, ...), the kustomization at that
   * path of a clone.
   *
   * @throws KustomizeException with a user-facing message when the input is invalid
   */
  public List<ObjectNode> build(String target) {
    Path local = Path.of(target);
    if (!Files.isDirectory(local) && options.remote().gitRepositories()) {
      Optional<RepoSpec> spec = RepoSpec.parse(target);
      if (spec.isPresent()) {
        return Build.run(spec.get(), options.remote());
      }
    }
    return build(local);
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
