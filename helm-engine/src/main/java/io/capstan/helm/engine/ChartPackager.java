package io.capstan.helm.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Packages a chart directory into {@code <name>-<version>.tgz} like {@code helm package}. */
public final class ChartPackager {
  private ChartPackager() {}

  /** Writes the archive into {@code destDir} and returns its path. */
  public static Path pack(Path chartDir, Path destDir) throws HelmException {
    Chart chart = ChartLoader.loadDir(chartDir);
    String name = chart.name();
    Path out = destDir.resolve(name + "-" + chart.metadata.version + ".tgz");
    Path top = chartDir.toAbsolutePath().normalize();
    HelmIgnore rules;
    try {
      Path ig = top.resolve(".helmignore");
      rules = Files.exists(ig) ? HelmIgnore.parse(Files.readString(ig)) : HelmIgnore.empty();
      rules.withDefaults();
      Files.createDirectories(destDir);
      List<Path> files = new ArrayList<>();
      collect(top, top, rules, files);
      try (OutputStream fos = Files.newOutputStream(out);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(fos))) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Path f : files) {
          String rel = top.relativize(f).toString().replace('\\', '/');
          byte[] data = Files.readAllBytes(f);
          TarArchiveEntry e = new TarArchiveEntry(name + "/" + rel);
          e.setSize(data.length);
          e.setMode(0644);
          e.setModTime(Files.getLastModifiedTime(f).toMillis());
          tar.putArchiveEntry(e);
          tar.write(data);
          tar.closeArchiveEntry();
        }
      }
    } catch (IOException e) {
      throw new HelmException("cannot package " + chartDir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static void collect(Path top, Path dir, HelmIgnore rules, List<Path> out)
      throws IOException {
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
        collect(top, p, rules, out);
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      }
    }
  }
}
