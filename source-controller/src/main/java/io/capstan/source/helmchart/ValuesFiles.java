package io.capstan.source.helmchart;

import io.capstan.helm.engine.GoYaml;
import io.capstan.helm.engine.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flux's {@code mergeFileValues}: values files, relative to a base directory they may not leave,
 * read as YAML and deep-merged in order (later files win, maps merge, everything else replaces).
 *
 * @param values the merged values
 * @param files the files that contributed, in order (missing ones skipped when allowed)
 */
public record ValuesFiles(Map<String, Object> values, List<String> files) {

  /**
   * Merges {@code paths} under {@code baseDir}; a missing file fails unless {@code ignoreMissing}.
   *
   * @throws IllegalArgumentException with Flux's message for a missing or unreadable file
   */
  public static ValuesFiles merge(Path baseDir, List<String> paths, boolean ignoreMissing)
      throws IOException {
    Map<String, Object> merged = new LinkedHashMap<>();
    List<String> used = new ArrayList<>(paths.size());
    Path base = baseDir.toAbsolutePath().normalize();
    for (String p : paths) {
      Path file = SecurePaths.join(base, p);
      if (!Files.isRegularFile(file)) {
        if (ignoreMissing && !Files.exists(file)) {
          continue;
        }
        throw new IllegalArgumentException(
            "no values file found at path '/"
                + base.relativize(file).toString().replace('\\', '/')
                + "' (reference '"
                + p
                + "')");
      }
      Map<String, Object> values;
      try {
        values = GoYaml.parseMap(Files.readString(file, StandardCharsets.UTF_8));
      } catch (GoYaml.YamlException | RuntimeException e) {
        throw new IllegalArgumentException(
            "unmarshaling values from '" + p + "' failed: " + e.getMessage(), e);
      }
      if (values != null) {
        merged = Values.mergeMaps(merged, values);
      }
      used.add(p);
    }
    return new ValuesFiles(merged, used);
  }
}
