package io.capstan.local.kube;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where each provisioned executable lives.
 *
 * @param paths executable path per binary; holds at least the binaries that were asked for
 */
public record KubeBinaries(Map<KubeBinary, Path> paths) {

  /** Copies the map so later changes to the argument do not leak in. */
  public KubeBinaries {
    paths = Map.copyOf(new EnumMap<>(paths));
  }

  /**
   * The path of one executable.
   *
   * @throws IllegalStateException if that binary was not provisioned
   */
  public Path path(KubeBinary binary) {
    Path path = paths.get(binary);
    if (path == null) {
      throw new IllegalStateException(binary.fileName() + " was not provisioned");
    }
    return path;
  }
}
