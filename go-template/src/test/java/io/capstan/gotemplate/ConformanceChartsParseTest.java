package io.capstan.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parses every template of the Helm conformance charts (../shared/reference/helm-conformance) with
 * Sprig plus stand-ins for Helm's own functions: the parser must accept all templates of the cases
 * Helm renders successfully.
 */
class ConformanceChartsParseTest {
  static final Path CASES = Path.of("../../shared/reference/helm-conformance/cases");

  @Test
  void parsesAllConformanceChartTemplates() throws IOException {
    Path cases = CASES.toAbsolutePath().normalize();
    if (!Files.isDirectory(cases)) {
      cases = Path.of("../shared/reference/helm-conformance/cases").toAbsolutePath().normalize();
    }
    assumeTrue(Files.isDirectory(cases), "conformance cases not present");
    Functions f = Functions.sprig();
    for (String h :
        List.of(
            "include",
            "tpl",
            "required",
            "toYaml",
            "toYamlPretty",
            "mustToYaml",
            "fromYaml",
            "fromYamlArray",
            "toToml",
            "fromJson",
            "fromJsonArray",
            "toJson",
            "mustToJson",
            "lookup")) {
      f = f.with(h, (c, a) -> "");
    }
    List<String> failures = new ArrayList<>();
    int parsed = 0;
    try (Stream<Path> dirs = Files.list(cases)) {
      for (Path c : (Iterable<Path>) dirs.sorted()::iterator) {
        boolean expectsError = Files.exists(c.resolve("expected-error.txt"));
        try (Stream<Path> files = Files.walk(c.resolve("chart"))) {
          for (Path p : (Iterable<Path>) files::iterator) {
            if (!Files.isRegularFile(p) || !p.toString().contains("/templates/")) {
              continue;
            }
            String text = Files.readString(p, StandardCharsets.UTF_8);
            TemplateSet set = TemplateSet.create(f, TemplateOptions.defaults());
            try {
              set.parse(p.toString(), text);
              parsed++;
            } catch (TemplateException e) {
              if (!expectsError) {
                failures.add(e.getMessage());
              }
            }
          }
        }
      }
    }
    assertThat(parsed).isGreaterThan(1000);
    assertThat(failures).isEmpty();
  }
}
