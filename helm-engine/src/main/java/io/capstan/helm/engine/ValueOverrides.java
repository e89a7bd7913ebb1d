package io.capstan.helm.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User values as {@code helm template} builds them from {@code -f}, {@code --set-json}, {@code
 * --set}, {@code --set-string}, {@code --set-file} and {@code --set-literal} (applied in that
 * order, whatever the order on the command line, as Helm does).
 */
public final class ValueOverrides {
  private final List<Path> valueFiles = new ArrayList<>();
  private final List<String> jsonValues = new ArrayList<>();
  private final List<String> values = new ArrayList<>();
  private final List<String> stringValues = new ArrayList<>();
  private final List<String> fileValues = new ArrayList<>();
  private final List<String> literalValues = new ArrayList<>();
  private Path baseDir = Path.of("");

  /** Relative paths ({@code -f}, {@code --set-file}) resolve against {@code dir}. */
  public ValueOverrides baseDir(Path dir) {
    this.baseDir = dir;
    return this;
  }

  /** {@code -f FILE}. */
  public ValueOverrides valuesFile(Path p) {
    valueFiles.add(p);
    return this;
  }

  /** {@code --set-json}. */
  public ValueOverrides setJson(String s) {
    jsonValues.add(s);
    return this;
  }

  /** {@code --set}. */
  public ValueOverrides set(String s) {
    values.add(s);
    return this;
  }

  /** {@code --set-string}. */
  public ValueOverrides setString(String s) {
    stringValues.add(s);
    return this;
  }

  /** {@code --set-file}. */
  public ValueOverrides setFile(String s) {
    fileValues.add(s);
    return this;
  }

  /** {@code --set-literal}. */
  public ValueOverrides setLiteral(String s) {
    literalValues.add(s);
    return this;
  }

  /** Helm's {@code values.Options.MergeValues}. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> merge() throws HelmException {
    Map<String, Object> base = new LinkedHashMap<>();
    for (Path f : valueFiles) {
      Path p = baseDir.resolve(f);
      String text;
      try {
        text = Files.readString(p, StandardCharsets.UTF_8);
      } catch (Exception e) {
        throw new HelmException("open " + f + ": no such file or directory");
      }
      Map<String, Object> current;
      try {
        current = ChartLoader.loadValues(text); // Helm v4: every YAML document, merged
      } catch (GoYaml.YamlException e) {
        throw new HelmException("failed to parse " + f + ": " + e.getMessage());
      }
      base = Values.mergeMaps(base, current);
    }
    for (String v : jsonValues) {
      String t = v.strip();
      if (!t.isEmpty() && t.charAt(0) == '{') {
        Object o;
        try {
          o = GoFormat.fromJson(t);
        } catch (Exception e) {
          throw new HelmException("failed parsing --set-json data JSON: " + v);
        }
        if (!(o instanceof Map)) {
          throw new HelmException("failed parsing --set-json data JSON: " + v);
        }
        base = Values.mergeMaps(base, (Map<String, Object>) o);
      } else {
        try {
          Strvals.parseJson(v, base);
        } catch (HelmException e) {
          throw new HelmException("failed parsing --set-json data " + v + ": " + e.getMessage());
        }
      }
    }
    for (String v : values) {
      try {
        Strvals.parseInto(v, base);
      } catch (HelmException e) {
        throw new HelmException("failed parsing --set data: " + e.getMessage());
      }
    }
    for (String v : stringValues) {
      try {
        Strvals.parseIntoString(v, base);
      } catch (HelmException e) {
        throw new HelmException("failed parsing --set-string data: " + e.getMessage());
      }
    }
    for (String v : fileValues) {
      try {
        Strvals.parseIntoFile(
            v, base, path -> Files.readString(baseDir.resolve(path), StandardCharsets.UTF_8));
      } catch (HelmException e) {
        throw new HelmException("failed parsing --set-file data: " + e.getMessage());
      }
    }
    for (String v : literalValues) {
      try {
        Strvals.parseLiteralInto(v, base);
      } catch (HelmException e) {
        throw new HelmException("failed parsing --set-literal data: " + e.getMessage());
      }
    }
    return base;
  }
}
