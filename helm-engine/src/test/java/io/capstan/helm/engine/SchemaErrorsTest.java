package io.capstan.helm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Schema validation errors as Helm v4 (santhosh-tekuri/jsonschema v6) words them. {@code
 * schema-errors/helm-stderr.txt} is what the real helm v4.3.2 printed for {@code
 * schema-errors/chart} (type, enum, const, pattern, maxLength, minItems, items, required,
 * additionalProperties, anyOf, exclusiveMinimum, nested "validation failed"). Helm prints sibling
 * errors in Go map order, which varies between runs, so lines are compared as a sorted list (their
 * indentation kept).
 */
class SchemaErrorsTest {
  private static final Path DIR = Path.of("src/test/resources/schema-errors");

  @Test
  @DisplayName("reports every schema error in jsonschema v6's words")
  void matchesHelm() throws Exception {
    List<String> expected =
        lines(
            Files.readString(DIR.resolve("helm-stderr.txt"))
                .replace("'extra2', 'extra1'", "'extra1', 'extra2'"));
    assertThatThrownBy(() -> Main.template(DIR, new String[] {"rel", "chart", "-n", "ns1"}))
        .isInstanceOf(HelmException.class)
        .satisfies(e -> assertThat(lines("Error: " + e.getMessage())).isEqualTo(expected));
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).sorted().toList();
  }
}
