package io.capstan.image.automation.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.image.v1.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Generated YAML documents (nested block mappings and sequences, every scalar style, comments,
 * blank lines, LF or CRLF, several documents) with setter markers on random values: after the
 * update the file must still parse to the original data with exactly the marked values replaced,
 * and every line without a marker must be byte-identical.
 */
class SetterUpdaterPropertyTest {

  static final Map<String, String> SETTERS =
      Map.of(
          "ns:app", "ghcr.io/org/app:1.10",
          "ns:app:tag", "1.10",
          "ns:app:name", "ghcr.io/org/app",
          "ns:other:tag", "v2.0.0-rc.1");

  static Setters setters() {
    return Setters.builder()
        .policy("ns", "app", new ImageRef("ghcr.io/org/app", "1.10", null))
        .policy("ns", "other", new ImageRef("ghcr.io/org/other", "v2.0.0-rc.1", null))
        .build();
  }

  /** Emits YAML and, alongside, the data the updated file must load to. */
  static final class Generator {
    final Random random;
    final String eol;
    final StringBuilder out = new StringBuilder();
    int markers;

    Generator(long seed) {
      random = new Random(seed);
      eol = random.nextBoolean() ? "\n" : "\r\n";
    }

    Object mapping(int indent, int depth) {
      Map<String, Object> expected = new LinkedHashMap<>();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        noise(indent);
        String key = "k" + depth + "_" + i;
        out.append(" ".repeat(indent)).append(key).append(':');
        expected.put(key, value(indent, depth));
      }
      return expected;
    }

    Object sequence(int indent, int depth) {
      List<Object> expected = new ArrayList<>();
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        noise(indent);
        out.append(" ".repeat(indent)).append('-');
        if (depth < 3 && random.nextInt(4) == 0) {
          out.append(eol);
          expected.add(mapping(indent + 2, depth + 1));
        } else {
          expected.add(scalar());
        }
      }
      return expected;
    }

    Object value(int indent, int depth) {
      if (random.nextInt(8) == 0) {
        return flow();
      }
      int kind = depth >= 3 ? 0 : random.nextInt(5);
      if (kind == 1) {
        out.append(eol);
        return mapping(indent + 2, depth + 1);
      }
      if (kind == 2) {
        out.append(eol);
        return sequence(indent + (random.nextBoolean() ? 0 : 2), depth + 1);
      }
      return scalar();
    }

    /** A scalar on the current line, maybe marked; returns the value the update must leave. */
    String scalar() {
      String[] olds = {"old:1", "v1", "x", "1.0", "some value", "a-b_c", "0"};
      String old = olds[random.nextInt(olds.length)];
      int style = random.nextInt(3);
      String text =
          switch (style) {
            case 0 -> old.equals("1.0") || old.equals("0") ? "'" + old + "'" : old;
            case 1 -> "'" + old + "'";
            default -> "\"" + old + "\"";
          };
      out.append(' ').append(text);
      String result = old;
      if (random.nextInt(3) == 0) {
        List<String> names = new ArrayList<>(SETTERS.keySet());
        names.sort(null);
        String setter = names.get(random.nextInt(names.size()));
        out.append(random.nextBoolean() ? " " : "\t\t")
            .append("# {\"$imagepolicy\": \"")
            .append(setter)
            .append("\"}");
        markers++;
        result = SETTERS.get(setter);
      } else if (random.nextInt(4) == 0) {
        out.append(" # a comment: {not a marker}");
      }
      out.append(eol);
      return result;
    }

    /** A one-line flow collection; a marker after it names no scalar, so nothing changes. */
    Object flow() {
      Object expected;
      if (random.nextBoolean()) {
        out.append(" [x, 'y z', \"w:1\"]");
        expected = List.of("x", "y z", "w:1");
      } else {
        out.append(" {a: x, b: 'y'}");
        expected = Map.of("a", "x", "b", "y");
      }
      if (random.nextBoolean()) {
        out.append(" # {\"$imagepolicy\": \"ns:app\"}");
      }
      out.append(eol);
      return expected;
    }

    void noise(int indent) {
      int r = random.nextInt(8);
      if (r == 0) {
        out.append(eol);
      } else if (r == 1) {
        out.append(" ".repeat(indent)).append("# comment \"$imagepolicy\"").append(eol);
      }
    }
  }

  @Test
  @DisplayName(
      "300 generated files: still valid, same data but the marked values, other lines intact")
  void generated(@TempDir Path dir) throws IOException {
    Load load = new Load(LoadSettings.builder().build());
    int totalMarkers = 0;
    for (long seed = 1; seed <= 300; seed++) {
      Generator g = new Generator(seed);
      List<Object> expected = new ArrayList<>();
      int docs = 1 + g.random.nextInt(3);
      for (int d = 0; d < docs; d++) {
        if (d > 0 || g.random.nextBoolean()) {
          g.out.append("---").append(g.eol);
        }
        expected.add(g.random.nextInt(4) == 0 ? g.sequence(0, 0) : g.mapping(0, 0));
      }
      String before = g.out.toString();
      Path file = dir.resolve("f" + seed + ".yaml");
      Files.write(file, before.getBytes(StandardCharsets.UTF_8));

      new SetterUpdater(setters()).update(file);

      String after = Files.readString(file, StandardCharsets.UTF_8);
      List<Object> loaded = new ArrayList<>();
      // SnakeYAML itself refuses a tab after a quoted scalar (valid YAML; the updater copes).
      load.loadAllFromString(SetterFile.parseable(after)).forEach(loaded::add);
      assertThat(loaded).as("seed %d:%n%s", seed, after).isEqualTo(expected);
      String[] beforeLines = before.split("\n", -1);
      String[] afterLines = after.split("\n", -1);
      assertThat(afterLines).as("seed %d", seed).hasSameSizeAs(beforeLines);
      for (int i = 0; i < beforeLines.length; i++) {
        if (!beforeLines[i].contains("{\"$imagepolicy\"")) {
          assertThat(afterLines[i]).as("seed %d line %d", seed, i + 1).isEqualTo(beforeLines[i]);
        }
      }
      totalMarkers += g.markers;
    }
    assertThat(totalMarkers).isGreaterThan(300);
  }
}
