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
 * The demo application {@code examples/webapp} (a Flask app behind nginx: Namespace, ConfigMap,
 * Deployment, Service and their kustomization), embedded in the cli jar so {@code run --local}
 * works from any directory. Read the same way from a jar or from a classes directory.
 */
public final class ExampleApplication {

  /** The classpath folder holding the example. */
  static final String FOLDER = "io/capstan/cli/examples/webapp";

  /** The namespace, Deployment name of the example. */
  public static final String NAMESPACE = "webapp";

  /** The Deployment of the example. */
  public static final String DEPLOYMENT = "web";

  private ExampleApplication() {}

  /** Every file of the example, by path relative to the application's root, sorted. */
  public static Map<String, String> files() {
    return files(ExampleApplication.class.getClassLoader());
  }

  /** The example's files as {@code loader} sees them (a directory or a jar on its classpath). */
  static Map<String, String> files(ClassLoader loader) {
    URL root = loader.getResource(FOLDER);
    if (root == null) {
      throw new IllegalStateException(FOLDER + " is missing from the classpath");
    }
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = openJar(uri)) {
          return read(jar.getPath("/" + FOLDER));
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
