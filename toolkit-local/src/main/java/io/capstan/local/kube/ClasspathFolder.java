package io.capstan.local.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files found under one folder of the classpath, across every directory and jar that
 * contributes to it (e.g. {@code META-INF/fabric8} in several jars). Also cli's embedded folders.
 *
 * <p>A jar is read with {@link JarFile}, not as a zip {@code FileSystem}: opening one goes through
 * {@code FileSystemProvider.installedProviders()}, which instantiates every provider on the
 * classpath — in the shaded cli jar Apache MINA sshd's SFTP provider, which starts an SSH client
 * with a timer thread and loads ~480 classes — and reads a second copy of the jar's central
 * directory (issue #19, "run --local idle memory" in BENCHMARKS.md).
 */
public final class ClasspathFolder {

  /** One file: its path relative to the folder and its content. */
  public record Entry(String relativePath, byte[] content) {}

  private ClasspathFolder() {}

  /**
   * Reads every regular file below {@code folder} (recursively), sorted by relative path. When two
   * classpath roots hold the same relative path, the first on the classpath wins.
   */
  public static List<Entry> read(ClassLoader loader, String folder) {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(folder);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        switch (root.getProtocol()) {
          case "file" -> readDirectory(Path.of(root.toURI()), files);
          case "jar" -> readJar((JarURLConnection) root.openConnection(), folder, files);
          default -> throw new IllegalStateException("Unsupported classpath root " + root);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<Entry> entries = new ArrayList<>();
    files.forEach((path, content) -> entries.add(new Entry(path, content)));
    return entries;
  }

  private static void readDirectory(Path dir, TreeMap<String, byte[]> files) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String relative = dir.relativize(file).toString().replace('\\', '/');
        files.putIfAbsent(relative, Files.readAllBytes(file));
      }
    }
  }

  private static void readJar(
      JarURLConnection connection, String folder, TreeMap<String, byte[]> files)
      throws IOException {
    connection.setUseCaches(false);
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
          continue;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          files.putIfAbsent(entry.getName().substring(prefix.length()), in.readAllBytes());
        }
      }
    }
  }
}
