package io.capstan.cli;

import io.capstan.local.kube.ClasspathFolder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A folder of text files embedded in the cli jar (the example application, deploy/), read the same
 * way from a jar or from a classes directory, by toolkit-local's {@link ClasspathFolder} (which
 * reads a jar without a zip {@code FileSystem}: issue #19, "run --local idle memory").
 */
public final class EmbeddedFolder {

  private EmbeddedFolder() {}

  /** Every file below {@code folder} as {@code loader} sees it, by relative path, sorted. */
  public static Map<String, String> files(ClassLoader loader, String folder) {
    Map<String, String> files = new TreeMap<>();
    for (ClasspathFolder.Entry file : ClasspathFolder.read(loader, folder)) {
      files.put(file.relativePath(), new String(file.content(), StandardCharsets.UTF_8));
    }
    if (files.isEmpty()) {
      throw new IllegalStateException(folder + " is missing from the classpath");
    }
    return files;
  }
}
