package io.capstan.helm.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Loads charts like Helm's {@code loader.Load}: a directory (honouring {@code .helmignore}) or a
 * gzipped tar archive (with size, file-count and path-traversal limits).
 */
public final class ChartLoader {
  /** Helm's limit on the decompressed size of a chart archive. */
  public static final long MAX_DECOMPRESSED_CHART_SIZE = 100L * 1024 * 1024;

  /** Helm's limit on one file of a chart. */
  public static final long MAX_DECOMPRESSED_FILE_SIZE = 5L * 1024 * 1024;

  /** Our limit on the number of files of a chart archive. */
  public static final int MAX_FILES = 20_000;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private ChartLoader() {}

  /** Loads a chart directory or archive. */
  public static Chart load(Path path) throws HelmException {
    return load(path, MAX_DECOMPRESSED_FILE_SIZE);
  }

  /**
   * Loads a chart directory or archive, refusing any file larger than {@code maxFileSize} bytes
   * (Flux's {@code --helm-chart-file-max-size}; Helm's own limit is {@link
   * #MAX_DECOMPRESSED_FILE_SIZE}).
   */
  public static Chart load(Path path, long maxFileSize) throws HelmException {
    if (Files.isDirectory(path)) {
      return loadDir(path, maxFileSize);
    }
    if (!Files.exists(path)) {
      throw new HelmException("path \"" + path + "\" not found");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return loadArchive(in, maxFileSize);
    } catch (IOException e) {
      throw new HelmException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Loads a chart directory. */
  public static Chart loadDir(Path dir) throws HelmException {
    return loadDir(dir, MAX_DECOMPRESSED_FILE_SIZE);
  }

  /** Loads a chart directory, refusing any file larger than {@code maxFileSize} bytes. */
  public static Chart loadDir(Path dir, long maxFileSize) throws HelmException {
    if (maxFileSize < 1) {
      throw new IllegalArgumentException("maxFileSize must be positive");
    }
    Path top = dir.toAbsolutePath().normalize();
    HelmIgnore rules = HelmIgnore.empty();
    Path ignoreFile = top.resolve(".helmignore");
    try {
      if (Files.exists(ignoreFile)) {
        rules = HelmIgnore.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8));
      }
      rules.withDefaults();
      List<ChartFile> files = new ArrayList<>();
      walk(top, top, rules, files, maxFileSize);
      return loadFiles(files, maxFileSize);
    } catch (IOException e) {
      throw new HelmException(e.getMessage(), e);
    }
  }

  private static void walk(
      Path top, Path dir, HelmIgnore rules, List<ChartFile> out, long maxFileSize)
      throws IOException, HelmException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = new ArrayList<>(s.toList());
    }
    children.sort(
        (a, b) -> GoFormat.compareBytes(a.getFileName().toString(), b.getFileName().toString()));
    for (Path p : children) {
      String rel = top.relativize(p).toString().replace('\\', '/');
      boolean isDir = Files.isDirectory(p);
      if (rules.ignore(rel, isDir)) {
        continue;
      }
      if (isDir) {
        walk(top, p, rules, out, maxFileSize);
        continue;
      }
      if (!Files.isRegularFile(p)) {
        throw new HelmException(
            "cannot load irregular file " + p + " as it has file mode type bits set");
      }
      if (Files.size(p) > maxFileSize) {
        throw new HelmException(
            "chart file \"" + rel + "\" is larger than the maximum file size " + maxFileSize);
      }
      if (Files.isSymbolicLink(p)) {
        Path real = p.toRealPath();
        if (!real.startsWith(top.toRealPath(LinkOption.NOFOLLOW_LINKS))) {
          // Helm follows symlinks; we do too but only within readable files.
        }
      }
      out.add(new ChartFile(rel, stripBom(Files.readAllBytes(p))));
    }
  }

  /** Loads a gzipped tar chart archive. */
  public static Chart loadArchive(InputStream raw) throws HelmException {
    return loadArchive(raw, MAX_DECOMPRESSED_FILE_SIZE);
  }

  /**
   * Loads a gzipped tar chart archive, refusing any file (in subchart archives too) larger than
   * {@code maxFileSize} bytes.
   */
  public static Chart loadArchive(InputStream raw, long maxFileSize) throws HelmException {
    if (maxFileSize < 1) {
      throw new IllegalArgumentException("maxFileSize must be positive");
    }
    List<ChartFile> files = new ArrayList<>();
    long remaining = MAX_DECOMPRESSED_CHART_SIZE;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isDirectory() || e.isGlobalPaxHeader() || e.isPaxHeader()) {
          continue;
        }
        if (e.isSymbolicLink() || e.isLink()) {
          throw new HelmException("chart illegally contains a link: " + e.getName());
        }
        String n = e.getName();
        String delim = n.indexOf('\\') >= 0 ? "\\" : "/";
        String[] parts = n.split(java.util.regex.Pattern.quote(delim), -1);
        n = String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length));
        if (n.startsWith("/")) {
          throw new HelmException("chart illegally contains absolute paths");
        }
        n = cleanPath(n);
        if (n.equals(".")) {
          throw new HelmException("chart illegally contains content outside the base directory");
        }
        if (n.startsWith("..")) {
          throw new HelmException("chart illegally references parent directory");
        }
        if (parts[0].equals("Chart.yaml")) {
          throw new HelmException("chart yaml not in base directory");
        }
        if (files.size() >= MAX_FILES) {
          throw new HelmException("chart has more than " + MAX_FILES + " files");
        }
        if (e.getSize() > remaining) {
          throw new HelmException(
              "decompressed chart is larger than the maximum size " + MAX_DECOMPRESSED_CHART_SIZE);
        }
        if (e.getSize() > maxFileSize) {
          throw new HelmException(
              "decompressed chart file \""
                  + n
                  + "\" is larger than the maximum file size "
                  + maxFileSize);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int r;
        long size = 0;
        while ((r = tar.read(b)) > 0) {
          size += r;
          if (size > maxFileSize) {
            throw new HelmException(
                "decompressed chart file \""
                    + n
                    + "\" is larger than the maximum file size "
                    + maxFileSize);
          }
          if (size > remaining) {
            throw new HelmException(
                "decompressed chart is larger than the maximum size "
                    + MAX_DECOMPRESSED_CHART_SIZE);
          }
          buf.write(b, 0, r);
        }
        remaining -= size;
        files.add(new ChartFile(n, stripBom(buf.toByteArray())));
      }
    } catch (IOException e) {
      throw new HelmException("error reading chart archive: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new HelmException("no files in chart archive");
    }
    return loadFiles(files, maxFileSize);
  }

  /** Go's path.Clean. */
  static String cleanPath(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add("..");
        }
        continue;
      }
      out.add(seg);
    }
    String s = String.join("/", out);
    if (rooted) {
      return "/" + s;
    }
    return s.isEmpty() ? "." : s;
  }

  private static byte[] stripBom(byte[] d) {
    if (d.length >= 3 && d[0] == BOM[0] && d[1] == BOM[1] && d[2] == BOM[2]) {
      return java.util.Arrays.copyOfRange(d, 3, d.length);
    }
    return d;
  }

  /** Helm's {@code LoadFiles}: builds a chart from its files (names relative to the root). */
  static Chart loadFiles(List<ChartFile> files) throws HelmException {
    return loadFiles(files, MAX_DECOMPRESSED_FILE_SIZE);
  }

  private static Chart loadFiles(List<ChartFile> files, long maxFileSize) throws HelmException {
    Chart c = new Chart();
    Map<String, List<ChartFile>> subcharts = new TreeMap<>(GoFormat::compareBytes);
    ChartFile requirements = null;
    for (ChartFile f : files) {
      String n = f.name();
      if (n.equals("Chart.yaml")) {
        ChartMetadata md = ChartMetadata.parse(f.text());
        if (c.metadata != null) {
          // requirements.yaml seen first: keep its dependencies
          md.dependencies =
              c.metadata.dependencies.isEmpty() ? md.dependencies : c.metadata.dependencies;
        }
        c.metadata = md;
        if (c.metadata.apiVersion.isEmpty()) {
          c.metadata.apiVersion = "v1";
        }
      } else if (n.equals("Chart.lock") || n.equals("requirements.lock")) {
        continue;
      } else if (n.equals("values.yaml")) {
        try {
          c.values = loadValues(f.text());
        } catch (GoYaml.YamlException e) {
          throw new HelmException("cannot load values.yaml: " + e.getMessage());
        }
      } else if (n.equals("values.schema.json")) {
        c.schema = f.data();
      } else if (n.equals("requirements.yaml")) {
        requirements = f;
      } else if (n.startsWith("templates/")) {
        c.templates.add(f);
      } else if (n.startsWith("charts/")) {
        if (n.endsWith(".prov")) {
          c.files.add(f);
          continue;
        }
        String fname = n.substring("charts/".length());
        String cname = fname.split("/", 2)[0];
        subcharts
            .computeIfAbsent(cname, k -> new ArrayList<>())
            .add(new ChartFile(fname, f.data()));
      } else {
        c.files.add(f);
      }
    }
    if (c.metadata == null) {
      throw new HelmException("Chart.yaml file is missing");
    }
    if (requirements != null) {
      try {
        c.metadata.apply(GoYaml.parseMap(requirements.text()), "requirements.yaml");
      } catch (GoYaml.YamlException e) {
        throw new HelmException(
            "cannot load requirements.yaml: error converting YAML to JSON: " + e.getMessage());
      }
      if ("v1".equals(c.metadata.apiVersion)) {
        c.files.add(requirements);
      }
    }
    c.metadata.validate();
    for (var e : subcharts.entrySet()) {
      String n = e.getKey();
      List<ChartFile> fs = e.getValue();
      if (n.startsWith("_") || n.startsWith(".")) {
        continue;
      }
      Chart sc;
      try {
        if (n.endsWith(".tgz")) {
          ChartFile file = fs.get(0);
          if (!file.name().equals(n)) {
            throw new HelmException(
                "error unpacking subchart tar in "
                    + c.name()
                    + ": expected "
                    + n
                    + ", got "
                    + file.name());
          }
          sc = loadArchive(new ByteArrayInputStream(file.data()), maxFileSize);
        } else {
          List<ChartFile> buff = new ArrayList<>();
          for (ChartFile f : fs) {
            String[] parts = f.name().split("/", 2);
            if (parts.length < 2) {
              continue;
            }
            buff.add(new ChartFile(parts[1], f.data()));
          }
          sc = loadFiles(buff, maxFileSize);
        }
      } catch (HelmException ex) {
        throw new HelmException(
            "error unpacking subchart " + n + " in " + c.name() + ": " + ex.getMessage(), ex);
      }
      c.addDependency(sc);
    }
    return c;
  }

  /**
   * Helm v4's {@code loader.LoadValues}: values.yaml may hold several YAML documents (split at
   * lines starting with {@code ---} as Kubernetes' YAMLReader does); each is read and merged over
   * the previous ones ({@code MergeMaps}: maps merged deeply, the later value wins).
   */
  static Map<String, Object> loadValues(String text) throws GoYaml.YamlException {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    StringBuilder doc = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i <= lines.length; i++) {
      boolean end = i == lines.length;
      String line = end ? "" : lines[i];
      String rest = line.startsWith("---") ? line.substring(3).strip() : null;
      if (end || (rest != null && (rest.isEmpty() || rest.startsWith("#")))) {
        if (!doc.toString().isBlank()) {
          Map<String, Object> current;
          try {
            current = GoYaml.parseMap(doc.toString());
          } catch (GoYaml.YamlException e) {
            String m = e.getMessage();
            throw new GoYaml.YamlException(
                "cannot unmarshal yaml document: "
                    + (m.startsWith("error unmarshaling JSON")
                        ? m
                        : "error converting YAML to JSON: " + m));
          }
          values = Values.mergeMaps(values, current);
        }
        doc.setLength(0);
        continue;
      }
      doc.append(line).append('\n');
    }
    return values;
  }
}
