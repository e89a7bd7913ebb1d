package io.capstan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder of text files embedded in the cli jar (the example application, deploy/), read the same
 * way from a jar or from a classes directory.
 */
public final class EmbeddedFolder {

  private EmbeddedFolder() {}

  /** Every file below {@code folder} as {@code loader} sees it, by relative path, sorted. */
  public static Map<String, String> files(ClassLoader loader, String folder) {
    URL root = loader.getResource(folder);
    if (root == null) {
      throw new IllegalStateException(folder + " is missing from the classpath");
    }
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = openJar(uri)) {
          return read(jar.getPath("/" + folder));
        }
      }
      return read(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FileSystem openJar(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      // another reader holds it open: read through a private one on the same file
      String jarFile =
          uri.getSchemeSpecificPart().substring(0, uri.getSchemeSpecificPart().indexOf("!/"));
      return FileSystems.newFileSystem(Path.of(URI.create(jarFile)));
    }
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String relative = dir.relativize(file).toString().replace('\\', '/');
        files.put(relative, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
