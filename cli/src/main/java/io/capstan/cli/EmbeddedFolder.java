package io.capstan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A folder of text files embedded in the cli jar (the example application, deploy/), read the same
 * way from a jar or from a classes directory.
 *
 * <p>A jar is read with {@link JarFile} (which shares the class loader's central directory of the
 * same file), not as a zip {@code FileSystem}: opening one goes through {@code
 * FileSystemProvider.installedProviders()}, which instantiates every provider on the classpath — in
 * the shaded jar Apache MINA sshd's SFTP provider, which starts an SSH client with a timer thread
 * and loads ~480 classes that {@code run --local} never uses — and reads a second copy of the jar's
 * 4 MB central directory (issue #19, "run --local idle memory" in BENCHMARKS.md).
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
      return switch (root.getProtocol()) {
        case "jar" -> readJar((JarURLConnection) root.openConnection());
        case "file" -> read(Path.of(root.toURI()));
        default -> throw new IllegalStateException("unsupported classpath root " + root);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> readJar(JarURLConnection connection) throws IOException {
    connection.setUseCaches(false); // a JarFile of our own, closed here
    String folder = connection.getEntryName();
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    Map<String, String> files = new TreeMap<>();
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
          continue;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          files.put(
              entry.getName().substring(prefix.length()),
              new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return files;
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
